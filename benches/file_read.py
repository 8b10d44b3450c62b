# Files: writes a temporary file with tempfile, then reads it back line by line,
# whole with read(), in fixed-size chunks, and in binary; prints checksums.
import os
import random
import tempfile
import zlib


def write_file(path, rng, lines):
    words = ["lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing", "élit", "naïve", "日本"]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(lines):
            f.write(f"{i:06d} " + " ".join(rng.choice(words) for _ in range(rng.randint(2, 12))) + "\n")


def read_lines(path):
    count = 0
    total = 0
    longest = ""
    with open(path, encoding="utf-8") as f:
        for line in f:
            count += 1
            total += len(line)
            if len(line) > len(longest):
                longest = line
    return count, total, longest.rstrip("\n")


def read_whole(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    return len(text), text.count("naïve"), len(text.splitlines())


def read_chunks(path):
    crc = 0
    chunks = 0
    with open(path, "rb") as f:
        while True:
            block = f.read(4096)
            if not block:
                break
            crc = zlib.crc32(block, crc)
            chunks += 1
    return crc, chunks


def read_binary_lines(path):
    total = 0
    with open(path, "rb") as f:
        for line in f:
            total += line.count(b" ") + len(line)
        f.seek(0)
        head = f.read(7)
        f.seek(-8, os.SEEK_END)
        tail = f.read()
        size = f.tell()
    return total, head, tail, size


def readline_loop(path):
    seen = 0
    with open(path, encoding="utf-8") as f:
        while True:
            line = f.readline()
            if not line:
                break
            if "日本" in line:
                seen += 1
    return seen


rng = random.Random(3)
directory = tempfile.mkdtemp(prefix="krait-bench-")
path = os.path.join(directory, "data.txt")
try:
    write_file(path, rng, 100000)
    print(*read_lines(path))
    print(*read_whole(path))
    print(*read_chunks(path))
    print(*read_binary_lines(path))
    print(readline_loop(path))
    print(os.path.getsize(path))
finally:
    os.remove(path)
    os.rmdir(directory)
print(os.path.exists(directory))
