# Bytes that are not UTF-8 reach Python as lone surrogates (PEP 383): in sys.argv,
# in file names from os.listdir, and back to the same bytes through os.fsencode and
# every path function.
import os, subprocess, sys, tempfile

code = "import sys, os; print(ascii(sys.argv[1:]), [os.fsencode(a) for a in sys.argv[1:]])"
out = subprocess.run([sys.executable, "-S", "-c", code, b"\xff-\xe9", "plain"],
                     capture_output=True)
print(out.stdout.decode(), out.returncode)

with tempfile.TemporaryDirectory() as folder:
    with open(os.path.join(os.fsencode(folder), b"name-\xff.txt"), "wb") as f:
        f.write(b"data")
    names = os.listdir(folder)
    print(ascii(names), [os.fsencode(n) for n in names])
    path = os.path.join(folder, names[0])
    print(os.path.exists(path), os.stat(path).st_size, open(path, "rb").read())
    os.rename(path, path + chr(0xdcfe))
    print(ascii(sorted(os.listdir(folder))), sorted(os.listdir(os.fsencode(folder))))
    try:
        open(os.path.join(folder, "bad" + chr(0xd800)), "w")
    except UnicodeEncodeError as e:
        print("refused:", e.encoding, e.reason, ascii(e.object[e.start:e.end]))
