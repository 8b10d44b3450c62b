# _stat, pwd and grp: the C modules stat.py, pathlib and os.path use, with
# CPython's conversions and errors.
import _stat, pwd, grp, stat
print(stat.S_ISDIR is _stat.S_ISDIR, stat.filemode is _stat.filemode)
for f, a in [(_stat.S_ISDIR, -1), (_stat.S_ISDIR, 2**40), (_stat.S_ISDIR, 2**70), (_stat.S_ISDIR, "x"), (_stat.S_ISDIR, 1.5), (_stat.S_IMODE, 0o170777), (_stat.S_IFMT, 0o170777), (_stat.filemode, 0o100644), (_stat.filemode, 0o040755), (_stat.filemode, 0o7777), (_stat.filemode, 2**33), (_stat.S_ISDIR, True), (_stat.S_IMODE, 2**32-1), (_stat.S_ISDIR, 0o040000), (_stat.S_ISDOOR, 0o040000)]:
    try: print(f.__name__, repr(f(a)))
    except Exception as e: print(f.__name__, type(e).__name__, e)
for args in [(), (1, 2)]:
    try: _stat.S_ISDIR(*args)
    except Exception as e: print(type(e).__name__, e)
    try: _stat.filemode(*args)
    except Exception as e: print(type(e).__name__, e)
print([_stat.filemode(m) for m in (0o140777, 0o120777, 0o010777, 0o020777, 0o060777, 0o107777, 0o104000, 0o102000, 0o101000, 0o100111)])
print(sorted(n for n in dir(_stat) if not n.startswith("__")))
print(_stat.__doc__ == stat.__doc__, _stat.__doc__.splitlines()[:2], _stat.S_ISLNK.__doc__)
print(_stat.S_IMODE.__text_signature__, _stat.S_ISDIR.__name__, _stat.S_ISDIR.__module__ if hasattr(_stat.S_ISDIR, "__module__") else None)

for f, a in [(pwd.getpwuid, 99999), (pwd.getpwuid, -1), (pwd.getpwuid, -2), (pwd.getpwuid, 2**40), (pwd.getpwuid, 2**70), (pwd.getpwuid, "x"), (pwd.getpwuid, 1.0), (pwd.getpwnam, "nosuch"), (pwd.getpwnam, 1), (pwd.getpwnam, "a\0b"), (grp.getgrgid, 99999), (grp.getgrgid, "x"), (grp.getgrgid, 2**40), (grp.getgrgid, 2**70), (grp.getgrgid, -2), (grp.getgrnam, "nosuch"), (grp.getgrnam, 1), (grp.getgrnam, "a\0b")]:
    try: print(f.__name__, f(a))
    except Exception as e: print(f.__name__, type(e).__name__, e)
root = pwd.getpwuid(0)
# Only what every Unix machine agrees on is printed.
print(root.pw_name, root[2], root.pw_gid, len(root), type(root).__name__, type(root).__module__)
print(repr(root).startswith("pwd.struct_passwd(pw_name='root', pw_passwd="))
print([type(x).__name__ for x in root])
print(pwd.getpwnam("root") == root, root in pwd.getpwall(), type(pwd.getpwall()).__name__)
g = grp.getgrgid(0)
print(g.gr_name, g.gr_gid, type(g.gr_mem).__name__, grp.getgrgid(id=0) == g, grp.getgrnam(name="root") == g, g in grp.getgrall())
print(pwd.struct_passwd.n_fields, grp.struct_group.n_sequence_fields, pwd.struct_passwd.__doc__.splitlines()[0], repr(grp.struct_group.__doc__[-10:]))
print(pwd.__doc__.splitlines()[0], grp.__doc__.splitlines()[-1])
print(pwd.getpwuid.__text_signature__, grp.getgrgid.__text_signature__, grp.getgrall.__doc__.splitlines()[0])
try: pwd.getpwuid()
except TypeError as e: print(e)
try: grp.getgrgid(0, 1)
except TypeError as e: print(e)
import os, shutil, pathlib
print(pathlib.Path("/").owner(), pathlib.Path("/").group())
print(os.path.expanduser("~root") == root.pw_dir)
# The all-ones id is -1 whether given as -1 or as 2**32 - 1.
for f, a in [(pwd.getpwuid, 2**32 - 1), (grp.getgrgid, 2**32 - 1), (pwd.getpwuid, 2**63), (grp.getgrgid, -2**63 - 1)]:
    try: print(f.__name__, f(a))
    except Exception as e: print(f.__name__, type(e).__name__, e)
