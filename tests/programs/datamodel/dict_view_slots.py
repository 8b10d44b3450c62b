# dict views: length and membership are Rust slots; isdisjoint binds a signature.
d = {1: 2, 3: 4}
k, i, v = d.keys(), d.items(), d.values()
print(len(k), len(i), len(v), 1 in k, 2 in k, (1, 2) in i, [1] in i, 2 in v)
print(k.__len__(), k.__contains__(3), type(k).__contains__, type(k).__len__)
for f in [lambda: k.isdisjoint(), lambda: k.isdisjoint(x=1), lambda: i.isdisjoint(1, 2), lambda: k.__contains__(),
          lambda: type(k).__len__(5)]:
    try:
        f()
    except TypeError as e:
        print("TypeError:", e)
print(k.isdisjoint([5]), i.isdisjoint([(1, 2)]), type(k).isdisjoint, type(i).isdisjoint.__text_signature__)
class D(dict):
    pass
print(len(D(a=1).keys()), "a" in D(a=1).keys())
