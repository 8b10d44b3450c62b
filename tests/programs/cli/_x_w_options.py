import sys, warnings
print(sys.warnoptions)
print(sorted(sys._xoptions.items()))
print(sys.flags.dev_mode, sys.flags.bytes_warning)
print("warnings" in sys.modules)
warnings.warn("hidden")
def f(): return x.y
print(list(f.__code__.co_positions())[-1])
try:
    warnings.warn("d", DeprecationWarning)
except DeprecationWarning as e:
    print("raised", e)
