# Dict subscripts answered in place (exact dict, exact str key) and the long way
# (str subclasses, keys whose equal hashes ask __eq__, __missing__, absent keys).


class S(str):
    pass


class Collide:
    def __init__(self, text):
        self.text = text

    def __hash__(self):
        return hash(self.text)

    def __eq__(self, other):
        print("eq called with", repr(other))
        return other == self.text


d = {"a": 1, "b": 2, S("c"): 3}
total = 0
for i in range(200):
    total += d["a"] + d["b"] + d["c"] + d[S("a")]
print(total)

odd = {Collide("x"): "collide"}
print(odd["x"])
odd2 = {"x": "plain", Collide("y"): "other"}
print(odd2["x"], odd2["y"])


class Missing(dict):
    def __missing__(self, key):
        return "missing " + key


m = Missing(a=1)
print(m["a"], m["zz"])
for key in ("nope", S("nope")):
    try:
        d[key]
    except KeyError as e:
        print("KeyError", e)
nested = {"k": {"k": {"k": 5}}}
print(nested["k"]["k"]["k"])
items = [{"name": str(i)} for i in range(5)]
print([item["name"] for item in items])
