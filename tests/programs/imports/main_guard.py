# __name__ is "__main__" only for the script.
import _guarded
print(__name__, _guarded.__name__, _guarded.main())
if __name__ == "__main__":
    print("running as script")
import sys
print(sys.modules["__main__"].__name__, "main_guard" in sys.modules)
