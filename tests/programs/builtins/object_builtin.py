# object() and basic object behaviour.
o = object()
print(type(o).__name__, o == o, o != object(), isinstance(o, object))
try:
    o.attr = 1
except AttributeError as e:
    print(type(e).__name__, e)
print(object.__doc__)
print(sorted(n for n in dir(o) if n in ("__eq__", "__hash__", "__repr__", "__class__")))
print(object().__class__ is object, str(object()).startswith("<object object at 0x"))
