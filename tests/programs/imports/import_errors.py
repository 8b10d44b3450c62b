# Errors raised by failing imports.
try:
    import no_such_module_anywhere
except ModuleNotFoundError as e:
    print(type(e).__name__, e, e.name)
try:
    from _shapes import does_not_exist
except ImportError as e:
    print(type(e).__name__, e, e.name)
try:
    import _shapes.not_a_package
except ModuleNotFoundError as e:
    print(type(e).__name__, e)
try:
    from pkg_rel import missing_submodule
except ImportError as e:
    print(type(e).__name__, e)
try:
    import _broken_module
except ZeroDivisionError as e:
    print(type(e).__name__, e)
import sys
print("_broken_module" in sys.modules)
