# os functions over descriptors: eventfd, splice, copy_file_range, writev,
# getrandom, statvfs, times, closerange.
import os
import tempfile

fd = os.eventfd(3, os.EFD_CLOEXEC | os.EFD_NONBLOCK)
os.eventfd_write(fd, 4)
print("eventfd:", os.eventfd_read(fd))
try:
    os.eventfd_read(fd)
except BlockingIOError as e:
    print("empty:", type(e).__name__)
os.close(fd)
sem = os.eventfd(2, os.EFD_SEMAPHORE)
print("semaphore:", os.eventfd_read(sem), os.eventfd_read(sem))
os.close(sem)

r, w = os.pipe()
print("writev:", os.writev(w, [b"abc", bytearray(b"de"), memoryview(b"f")]))
print(os.read(r, 10))
r2, w2 = os.pipe()
os.write(w, b"spliced data")
print("splice:", os.splice(r, w2, 7), os.read(r2, 100), os.read(r, 100))
for f in (r, w, r2, w2):
    os.close(f)

with tempfile.TemporaryDirectory() as folder:
    src_path = os.path.join(folder, "src")
    dst_path = os.path.join(folder, "dst")
    with open(src_path, "wb") as f:
        f.write(b"0123456789" * 10)
    src = os.open(src_path, os.O_RDONLY)
    dst = os.open(dst_path, os.O_WRONLY | os.O_CREAT)
    print("copy_file_range:", os.copy_file_range(src, dst, 25, offset_src=5))
    os.close(src)
    os.close(dst)
    with open(dst_path, "rb") as f:
        print(f.read())
    st = os.statvfs(folder)
    print(type(st).__name__, len(st), st.f_bsize > 0, isinstance(st.f_fsid, int))
    with open(src_path) as f:
        print(os.fstatvfs(f.fileno()).f_namemax == st.f_namemax, os.statvfs(f.fileno()) == os.fstatvfs(f.fileno()))
    try:
        os.statvfs(os.path.join(folder, "missing"))
    except FileNotFoundError as e:
        print("FileNotFoundError", e.filename == os.path.join(folder, "missing"))

print("getrandom:", len(os.getrandom(16)), len(os.getrandom(0)))
t = os.times()
print(type(t).__name__, len(t), all(isinstance(x, float) for x in t), t.elapsed == t[4])

fds = [os.open(os.devnull, os.O_RDONLY) for _ in range(3)]
os.closerange(fds[0], fds[-1] + 1)
try:
    os.fstat(fds[1])
except OSError as e:
    print("closed:", e.errno)
