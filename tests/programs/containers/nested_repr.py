# repr of nested and self-referencing containers.
data = {"list": [1, (2, 3), {"k": None}], "tuple": (1,), "set": {1}, "empty": [(), {}, set()]}
print(data)
print(repr([1.5, "s", b"b", True, None]))
a = [1]
a.append(a)
print(a)
d = {}
d["self"] = d
print(d)
print([[[]]], ((),), [frozenset()])
print(str(["it's", 'say "x"']))
