# dicts keep insertion order; deletion and reinsertion move keys to the end.
d = {}
for k in ["z", "a", "m", "b"]:
    d[k] = len(d)
print(list(d))
d["a"] = 99
print(list(d.items()))
del d["z"]
d["z"] = 0
print(d)
print({3: 1, 1: 1, 2: 1}, {True: "x", 1: "y"}, {1: "a", 1.0: "b"})
merged = {**{"x": 1, "y": 2}, "x": 3}
print(merged)
print(list(reversed(d)), list(reversed(d.items())))
