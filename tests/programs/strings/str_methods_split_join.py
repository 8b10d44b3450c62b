# split, join, strip and friends.
print("a b  c".split(), "a,b,,c".split(","), "a b c".split(" ", 1), "a b c".rsplit(" ", 1))
print("  x y  ".split(), "".split(), "".split(","), "line1\nline2\r\nline3".splitlines())
print("a\nb\n".splitlines(keepends=True), "x".join("abc"), ", ".join(["1", "2"]), "".join([]))
print(repr("  pad  ".strip()), repr("  pad  ".lstrip()), repr("  pad  ".rstrip()), "xxhixx".strip("x"))
print("prefix_name".removeprefix("prefix_"), "file.py".removesuffix(".py"), "abc".removeprefix("z"))
print("42".zfill(5), "-42".zfill(5), "ab".center(6, "*"), "ab".ljust(4, "."), "ab".rjust(4))
print("a\tb\tc".expandtabs(4), "tab".expandtabs())
try:
    ", ".join([1, 2])
except TypeError as e:
    print(type(e).__name__, e)
try:
    "a".split("")
except ValueError as e:
    print(type(e).__name__, e)
