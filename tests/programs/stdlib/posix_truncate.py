# os.truncate of a path and of a descriptor (ftruncate), with their errors.
import os, tempfile
d = tempfile.mkdtemp(); p = os.path.join(d, "f")
with open(p, "wb") as f: f.write(b"x" * 100)
os.truncate(p, 10); print(os.path.getsize(p))
fd = os.open(p, os.O_RDWR); os.truncate(fd, 3); os.close(fd); print(os.path.getsize(p))
for args in [(p, -1), (os.path.join(d, "missing"), 0), (99999, 0), (3.5, 0)]:
    try: os.truncate(*args)
    except Exception as e: print(type(e).__name__, str(e).replace(d, "D"))
print(os.truncate in os.supports_fd)
os.unlink(p); os.rmdir(d)
