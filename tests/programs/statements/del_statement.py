# del of names, items, slices and attributes.
x = 1
del x
print("x" in globals())
lst = list(range(8))
del lst[0]
del lst[-1]
del lst[1:3]
print(lst)
d = {"a": 1, "b": 2, "c": 3}
del d["b"]
print(d)
class A:
    pass
a = A()
a.v = 1
a.w = 2
del a.v
print(vars(a))
p, q = 1, 2
del p, q
print("p" in globals(), "q" in globals())
m = [1, 2, 3]
del (m[0]), [m[0]]
print(m)
try:
    del d["zzz"]
except KeyError as e:
    print(type(e).__name__, e)
try:
    del undefined_global_name
except NameError as e:
    print(type(e).__name__, e)
try:
    del a.nope
except AttributeError as e:
    print(type(e).__name__, e)
