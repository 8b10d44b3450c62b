# Searching and counting.
s = "the quick brown fox jumps over the lazy dog"
print(s.find("the"), s.find("the", 1), s.rfind("the"), s.find("cat"), s.index("fox"), s.rindex("o"))
print(s.count("o"), s.count("the"), s.count(""), "aaaa".count("aa"))
print(s.startswith("the"), s.endswith("dog"), s.startswith(("a", "t")), s.endswith("lazy", 0, 39))
print("fox" in s, s.find("o", 20, 30))
try:
    s.index("cat")
except ValueError as e:
    print(type(e).__name__, e)
print("a-b-c".partition("-"), "a-b-c".rpartition("-"), "abc".partition("x"))
print("hello".replace("l", "L"), "hello".replace("l", "L", 1), "aaa".replace("", "-"))
