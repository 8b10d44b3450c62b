# Indexing, concatenation, repetition, comparison, iteration.
s = "python"
print(s[0], s[-1], s[2:4], len(s), s + "3", s * 2, 3 * "ab", "" * 5)
print([c for c in "abc"], list(reversed("abc")), sorted("banana"))
print("abc" < "abd", "Z" < "a", "abc" == "ab" + "c", "a" * 0 == "")
print(ord("a"), chr(97), chr(0x1F600) == "\U0001F600", len("\U0001F600"), "é" == "\u00e9")
try:
    s[10]
except IndexError as e:
    print(type(e).__name__, e)
try:
    s[0] = "P"
except TypeError as e:
    print(type(e).__name__, e)
try:
    "a" + 1
except TypeError as e:
    print(type(e).__name__, e)
print(str(123), str([1, "a"]), str(None), str(b"x"))
print("x".join(map(str, range(4))))
