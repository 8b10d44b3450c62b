# _warnings: the filters, registries and actions that warnings.warn consults,
# before and after Lib's warnings module is imported.
import sys
import _warnings

print('warnings' in sys.modules, 're' in sys.modules)
print(sorted(n for n in dir(_warnings) if not n.startswith('__')))
print(_warnings.filters)
print(_warnings._defaultaction, _warnings._onceregistry)
print(_warnings.warn.__text_signature__, _warnings.warn.__doc__)
print(_warnings.warn_explicit.__text_signature__, _warnings.warn_explicit.__doc__)

# Before `warnings` is imported, warnings are printed by the interpreter itself.
_warnings.warn("first, from the interpreter")
_warnings.warn("shown once per location")
for i in range(3):
    _warnings.warn("in a loop")
_warnings.warn(UserWarning("an instance"))
_warnings.warn("a deprecation from __main__", DeprecationWarning)
_warnings.warn("pending", PendingDeprecationWarning)
print(sorted(k if isinstance(k, str) else k[0] for k in __warningregistry__))


def helper():
    _warnings.warn("blamed on the caller", RuntimeWarning, stacklevel=2)


helper()
_warnings.warn("far up the stack", stacklevel=50)
for bad in (int, "text", 3):
    try:
        _warnings.warn("x", bad)
    except TypeError as e:
        print("TypeError:", e)
print('warnings' in sys.modules, 're' in sys.modules)

import warnings
print(warnings.filters is _warnings.filters, warnings.warn is _warnings.warn)
print('re' in sys.modules)

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    warnings.warn("recorded")
    warnings.warn("recorded")
    warnings.warn("with category", FutureWarning)
print([(str(w.message), w.category.__name__, w.lineno) for w in caught])

for action in ("once", "module", "default", "always", "ignore"):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter(action)
        for i in range(2):
            warnings.warn("action " + action)
        warnings.warn("action " + action)
    print(action, len(caught))

with warnings.catch_warnings():
    warnings.simplefilter("error")
    try:
        warnings.warn("now an error", SyntaxWarning)
    except SyntaxWarning as e:
        print("raised", type(e).__name__, e)
    warnings.filterwarnings("ignore", message="quiet")
    warnings.warn("quiet please")
    warnings.filterwarnings("ignore", module="__main__", lineno=0)
    warnings.warn("module filtered")

with warnings.catch_warnings():
    warnings.filters[:] = [("bogus", None, Warning, None, 0)]
    warnings._filters_mutated()
    try:
        warnings.warn("bad action")
    except RuntimeError as e:
        print("RuntimeError:", e)
    warnings.filters[:] = ["not a tuple"]
    try:
        warnings.warn("bad filter")
    except ValueError as e:
        print("ValueError:", e)
    warnings.filters[:] = [(1, None, Warning, None, 0)]
    try:
        warnings.warn("bad action type")
    except TypeError as e:
        print("TypeError:", e)

registry = {}
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("default")
    for i in range(3):
        warnings.warn_explicit("explicit", UserWarning, "somefile.py", 12, registry=registry)
    warnings.warn_explicit("explicit", UserWarning, "somefile.py", 13, module="mod")
print([(str(w.message), w.filename, w.lineno) for w in caught], sorted(map(str, registry)))
for args in (("m", UserWarning, 1, 2), ("m", UserWarning, "f", "x"), ("m", UserWarning, "f", 1, None, 5)):
    try:
        warnings.warn_explicit(*args)
    except TypeError as e:
        print("TypeError:", e)
try:
    warnings.warn_explicit("m", UserWarning, "f", 1, module_globals=5)
except TypeError as e:
    print("TypeError:", e)

# A new filter clears what the registries remember.
warnings.warn("remembered")
warnings.warn("remembered")
warnings.resetwarnings()
warnings.simplefilter("default")
warnings.warn("remembered")
warnings.simplefilter("ignore", DeprecationWarning)
warnings.warn("ignored now", DeprecationWarning)
sys.stderr.flush()
for args in (("x", 1, "bad"), ("x", UserWarning, 10**30)):
    try:
        _warnings.warn(*args)
    except (TypeError, OverflowError) as e:
        print(type(e).__name__, e)
