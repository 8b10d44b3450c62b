# Path arguments as CPython's path_converter reads them: what each function's
# TypeError says it takes, bytes-like paths accepted with a DeprecationWarning,
# NUL refused, and the environment functions' FSConverter.
import posix
for name in "chdir chroot listdir listxattr lstat mkdir mkfifo mknod readlink remove rmdir scandir stat statvfs unlink utime".split():
    try: getattr(posix, name)(3.5)
    except TypeError as e: print(name, e)
out = []
for name, args in [("rename", (3.5, "x")), ("rename", ("x", 3.5)), ("replace", (3.5, "x")), ("link", (3.5, "x")), ("symlink", (3.5, "x")), ("symlink", ("x", 3.5)), ("access", (3.5, 0)), ("chmod", (3.5, 0)), ("chown", (3.5, 0, 0)), ("lchown", (3.5, 0, 0)), ("utime", (3.5,)), ("truncate", (3.5, 0)), ("statvfs", (3.5,)), ("pathconf", (3.5, 1)), ("getxattr", (3.5, "a")), ("open", (3.5, 0)), ("mkfifo", (3.5,)), ("mknod", (3.5,)), ("chroot", (3.5,)), ("chdir", (3.5,)), ("unsetenv", (3.5,)), ("putenv", (3.5, "x")), ("stat", (3.5,)), ("lchmod", (3.5, 0)) if hasattr(posix, "lchmod") else ("stat", (3.5,)), ("readlink", (3.5,)), ("fspath", (3.5,))]:
    f = getattr(posix, name, None)
    if f is None: continue
    try:
        f(*args)
    except TypeError as e:
        out.append(f"{name}{args}: {e}")
    except Exception as e:
        out.append(f"{name}{args}: {type(e).__name__}")
print("\n".join(out))
import os, warnings, tempfile
warnings.simplefilter("always")
d = tempfile.mkdtemp()
os.mkdir(os.path.join(d, "sub"))
for cls in (bytearray, memoryview):
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        names = os.listdir(cls(os.fsencode(d)))
        st = os.stat(cls(os.fsencode(d)))
    print(cls.__name__, names, [type(n).__name__ for n in names], [str(x.message) for x in w], [x.category.__name__ for x in w])
for a in ["a\0b", b"a\0b", bytearray(b"a\0")]:
    for f in (os.stat, os.mkdir, os.listdir, os.unlink, os.open):
        try:
            f(a) if f is not os.open else f(a, 0)
        except Exception as e:
            print(f.__name__, type(e).__name__, e)
for f, args in [(os.putenv, ("a\0", "b")), (os.putenv, (3.5, "b")), (os.unsetenv, (3.5,)), (os.system, (3.5,)), (os.putenv, ("x=y", "b"))]:
    try: f(*args)
    except Exception as e: print(f.__name__, type(e).__name__, e)
os.rmdir(os.path.join(d, "sub")); os.rmdir(d)
