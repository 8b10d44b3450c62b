# os.chmod: a descriptor, and follow_symlinks=False (which Linux cannot honour).
import os, tempfile, stat
d = tempfile.mkdtemp(); s = os.path.join(d, 's'); f = os.path.join(d, 'f')
open(f, 'w').close(); os.symlink(os.path.join(d, 'nonexisting'), s)
for args, kw in [((s, 0o700), {"follow_symlinks": False}), ((f, 0o600), {"follow_symlinks": True}), ((s, 0o700), {})]:
    try: print(os.chmod(*args, **kw))
    except Exception as e: print(type(e).__name__, e.__class__.__name__, str(e).replace(d, "D"))
fd = os.open(f, os.O_RDONLY); os.chmod(fd, 0o640); os.close(fd)
print(oct(stat.S_IMODE(os.stat(f).st_mode)))
try: os.chmod(99999, 0o600)
except OSError as e: print(type(e).__name__, e.errno)
os.unlink(s); os.unlink(f); os.rmdir(d)
# What os.supports_fd and os.supports_dir_fd say of the functions that take them.
for name in ("chmod", "pathconf", "mkfifo", "mknod", "statvfs"):
    f = getattr(os, name)
    print(name, f in os.supports_fd, f in os.supports_follow_symlinks)
print(os.mkfifo in os.supports_dir_fd, os.mknod in os.supports_dir_fd)
