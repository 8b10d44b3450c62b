# Error messages of str methods, as CPython words them.
tests = [
    lambda: "a".find(), lambda: "a".find(1), lambda: "a".find("a", 1, 2, 3), lambda: "a".find("a", "x"),
    lambda: "a".count(), lambda: "a".index("b"), lambda: "a".rindex("b"), lambda: "a".startswith(),
    lambda: "a".startswith(1), lambda: "a".endswith((1,)), lambda: "a".split(1), lambda: "a".split("a", "x"),
    lambda: "a".split("a", 1, 2), lambda: "a".split(x=1), lambda: "a".replace("a"), lambda: "a".replace(1, "b"),
    lambda: "a".replace("a", 2), lambda: "a".replace("a", "b", "c"), lambda: "a".center(), lambda: "a".center("x"),
    lambda: "a".center(5, "xy"), lambda: "a".center(5, 1), lambda: "a".ljust(5, ""), lambda: "a".zfill(),
    lambda: "a".zfill("x"), lambda: "a".join(), lambda: "a".join(1), lambda: "a".join([1]), lambda: "a".join(["a", b"x"]),
    lambda: "a".partition(""), lambda: "a".partition(1), lambda: "a".rpartition(None), lambda: "a".strip(1),
    lambda: "a".lstrip(1, 2), lambda: "a".upper(1), lambda: "a".expandtabs("x"), lambda: "a".splitlines(1, 2),
    lambda: "a".encode("foo"), lambda: "é".encode("ascii"), lambda: "a".encode(1), lambda: "a".encode(errors=1),
    lambda: str.maketrans(), lambda: str.maketrans(1), lambda: str.maketrans("ab", "c"), lambda: str.maketrans({"ab": 1}),
    lambda: str.maketrans({1.5: 1}), lambda: str.maketrans(1, 2), lambda: str.maketrans("a", "b", 1),
    lambda: "a".translate({97: 1.5}), lambda: "a".translate({97: 0x110000}), lambda: "a".translate(),
    lambda: "a".removeprefix(1), lambda: "a".removesuffix(), lambda: "{x}".format_map({}), lambda: "a".isalpha(1),
    lambda: "a" * "b", lambda: "a" + 1, lambda: 1 + "a", lambda: "a"[1], lambda: 1 in "a", lambda: "a" < 1,
    lambda: "a".count("a", None, "x"), lambda: "a".rsplit(1), lambda: "a".rsplit(""), lambda: "a".index(),
    lambda: "a".splitlines(keepends="x"), lambda: "a".title(1), lambda: "a".count("a", 1, 2, 3),
    lambda: "a".startswith("a", "x"), lambda: "a".casefold(None), lambda: "a".format_map(), lambda: "{}".format_map({}),
    lambda: "éa€".encode("latin-1"), lambda: "a€€b".encode("ascii"), lambda: "a".encode("utf-8", "bogus"),
    lambda: "a€".encode("ascii", "bogus"),
]
for t in tests:
    try:
        print("OK", repr(t()))
    except Exception as e:
        print(type(e).__name__, e)
for enc in ["utf-8", "UTF8", "ascii", "latin-1", "Latin_1", "iso-8859-1"]:
    print(enc, "aé".encode(enc, "replace"))
for errors in ["ignore", "replace", "backslashreplace", "xmlcharrefreplace"]:
    print(errors, "aé€😀b".encode("ascii", errors), "aé€😀b".encode("latin-1", errors))
print("a€".encode(), "a€".encode(encoding="utf-8"), str(b"a\xc3\xa9", "utf-8"), str(b"ab", encoding="ascii"))
