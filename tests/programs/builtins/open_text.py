# Writing and reading a text file.
path = "/tmp/krait-test-" + __file__.rsplit("/", 1)[-1] + ".txt"
with open(path, "w") as f:
    print(f.write("first line\n"), type(f).__name__, f.mode, f.closed)
    f.write("second line\n")
    f.writelines(["third\n", "fourth"])
print(f.closed)
with open(path) as f:
    print(repr(f.read()))
with open(path, "r") as f:
    print(repr(f.readline()), repr(f.readline()))
    print(f.readlines())
with open(path) as f:
    for number, line in enumerate(f, 1):
        print(number, line.rstrip("\n"))
with open(path, "a") as f:
    f.write("\nappended")
with open(path) as f:
    print(f.read().splitlines()[-2:])
with open(path, encoding="utf-8") as f:
    print(f.read(5), f.read(6))
