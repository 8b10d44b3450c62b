# translate, maketrans, encode, and other less common methods.
table = str.maketrans("abc", "xyz", "d")
print("abcdd".translate(table), str.maketrans({"a": "1"}) == {97: "1"})
print("hello".encode("utf-8"), "héllo".encode("latin-1"), "ab".encode("ascii"))
try:
    "é".encode("ascii")
except UnicodeEncodeError as e:
    print(type(e).__name__, e)
try:
    b"\xff".decode("utf-8")
except UnicodeDecodeError as e:
    print(type(e).__name__, e)
print("%-3s|" % "ab", "Title Case Words".swapcase(), "a".join("") == "")
print(str.upper("x"), "abc".__len__(), "abc".__contains__("b"), "ab".__add__("c"))
print(sorted(["b", "A", "c", "B"]), sorted(["b", "A", "c", "B"], key=str.lower))
print(min("hello"), max("hello"), "".join(sorted(set("mississippi"))))
