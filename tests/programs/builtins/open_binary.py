# Binary files and file errors.
path = "/tmp/krait-test-" + __file__.rsplit("/", 1)[-1] + ".bin"
with open(path, "wb") as f:
    f.write(bytes(range(5)))
    f.write(b"\xff\x00text")
with open(path, "rb") as f:
    data = f.read()
print(data, len(data), type(data).__name__)
with open(path, "rb") as f:
    print(f.read(2), f.read(3), f.read())
with open(path, "w", encoding="utf-8") as f:
    f.write("héllo")
with open(path, "rb") as f:
    print(f.read())
try:
    open("/nonexistent-dir-for-krait/file.txt")
except FileNotFoundError as e:
    print(type(e).__name__, e.errno, e.strerror, e.filename)
f = open(path)
f.close()
try:
    f.read()
except ValueError as e:
    print(type(e).__name__, e)
try:
    open(path, "rz")
except ValueError as e:
    print(type(e).__name__, e)
