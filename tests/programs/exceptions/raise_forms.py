# raise with a class, an instance, re-raise, and invalid raises.
def attempt(fn):
    try:
        fn()
    except BaseException as e:
        print(type(e).__name__, repr(e))
def by_class():
    raise KeyError
def by_instance():
    raise KeyError("key")
def reraise():
    try:
        raise OSError("os")
    except OSError:
        raise
def bare_outside():
    raise
def not_exception():
    raise 42
class NotAnException:
    pass
def bad_class():
    raise NotAnException
for fn in [by_class, by_instance, reraise, bare_outside, not_exception, bad_class]:
    attempt(fn)
try:
    raise SystemExit(4)
except SystemExit as e:
    print("SystemExit code", e.code)
