# Reading and writing one text file in '+' mode: where writes land after reads, a
# UTF-16 surrogate pair split across chunks, and random operations checked
# against CPython (tell cookies, seeks, reads, the final bytes).
import random

path = "/tmp/krait_io_text_readwrite.txt"
with open(path, "wb") as f:
    f.write("\xe9\rb\U0001f600\U0001f600\U0001f600\U0001f600xyz".encode())
f = open(path, "r+", encoding="utf-8")
f._CHUNK_SIZE = 2
print(repr(f.read(1)), f.seek(0), repr(f.readline()), f.buffer.tell())
print(f.write("B\n"), f.buffer.tell())
print(repr(f.readline(3)), f.buffer.tell())
f.close()
with open(path, "rb") as f:
    print(f.read())

with open(path, "w", encoding="utf-16") as f:
    f.write("a\U0001f600b\U0001f601" * 20)
with open(path, encoding="utf-16") as f:
    f._CHUNK_SIZE = 3
    text = f.read()
    print(len(text), text[:6] == "a\U0001f600b\U0001f601a\U0001f600")

pieces = ["a", "b", "\n", "\r\n", "\r", "c", "xyz"]
for seed in range(6):
    rng = random.Random(seed)
    for encoding, newline in [("utf-8", None), ("latin-1", ""), ("utf-16", None), ("utf-8", "\r\n")]:
        with open(path, "w", encoding=encoding, newline="") as f:
            f.write("".join(rng.choice(pieces) for _ in range(80)))
        log = []
        with open(path, "r+", encoding=encoding, newline=newline) as f:
            f._CHUNK_SIZE = rng.choice([2, 5, 16, 8192])
            cookies = [0]
            for _ in range(40):
                op = rng.randrange(8)
                try:
                    if op == 0:
                        log.append(f.read(rng.randrange(-1, 9)))
                    elif op == 1:
                        log.append(f.readline())
                    elif op == 2:
                        cookies.append(f.tell())
                        log.append(cookies[-1])
                    elif op == 3:
                        log.append(f.seek(rng.choice(cookies)))
                    elif op == 4:
                        log.append(f.write(rng.choice(["A", "B\n", "C\r\n"])))
                    elif op == 5:
                        log.append(f.seek(0, rng.choice([0, 2])))
                    elif op == 6:
                        log.append(f.readline(3))
                    else:
                        f.flush()
                except (UnicodeError, OSError) as e:
                    log.append(type(e).__name__)
        with open(path, "rb") as f:
            print(seed, encoding, repr(newline), log[-6:], f.read()[-24:])
import os

os.remove(path)
