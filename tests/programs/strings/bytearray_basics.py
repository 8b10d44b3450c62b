# bytearray: construction, mutation, slicing assignment, shared methods and errors.
a = bytearray(b"hello")
print(a, repr(bytearray()), bytearray(3), bytearray([1, 2]), bytearray("é", "utf-8"), len(a))
a.append(33)
a.extend(b" wo")
a.extend([114, 108, 100])
a += b"!!"
print(a, a.pop(), a.pop(0), a)
a.insert(0, 72)
a.insert(-1, 63)
a.insert(100, 46)
print(a)
a.remove(63)
a[0] = 74
a[-1] = 44
print(a, a[0], a[-1], a[1:3], a[::-2])
a[1:3] = b"EE"
a[0:0] = b">>"
a[-1:] = [33, 33]
print(a)
a[::2] = bytes(len(a[::2]))
print(a)
del a[0]
del a[-1]
del a[::3]
print(a)
c = a.copy()
c.reverse()
print(c, a == c, bytearray(b"ab") == b"ab", bytearray(b"a") < b"b", b"ab" + bytearray(b"c"), bytearray(b"c") + b"d")
c.clear()
print(c, bytearray(b"ab") * 2, bytearray(b"Hi").upper(), bytearray(b"a b").split(), bytearray(b"x").join([b"1", b"2"]))
m = bytearray(b"ab")
m *= 3
print(m, m.find(b"ba"), m.count(b"a"), m.replace(b"a", b"A"), m.hex(), bytearray.fromhex("41 42"), m.decode())
print(list(bytearray(b"xyz")), 121 in bytearray(b"xyz"), bytearray(b"abc")[::-1], bytearray(b"  s ").strip())
tests = [
    lambda: bytearray().extend("ab"), lambda: bytearray().extend(5), lambda: bytearray().pop(),
    lambda: bytearray(b"a").pop(5), lambda: bytearray(b"a").remove(9), lambda: bytearray(b"a").append(256),
    lambda: bytearray(b"a").append("a"), lambda: bytearray(b"a")[5], lambda: hash(bytearray()),
    lambda: bytearray(b"ab").__setitem__(0, 300), lambda: bytearray(b"abc").__setitem__(slice(0, 3, 2), b"xyz"),
    lambda: bytearray(3).__delitem__(5), lambda: bytearray("a"), lambda: bytearray(b"a")["x"],
    lambda: bytearray(b"a").__setitem__(5, 1), lambda: bytearray(-2),
]
for t in tests:
    try:
        print("OK", repr(t()))
    except Exception as e:
        print(type(e).__name__, e)
