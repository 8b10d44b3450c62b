# Builtins of range, mappingproxy, classmethod, staticmethod and GenericAlias bind
# their arguments through declared signatures.
import weakref, types
tests = [lambda: range(3).index(), lambda: range(3).index(1, x=2), lambda: range(3).count(x=1), lambda: range(5).index(3), lambda: types.MappingProxyType(), lambda: types.MappingProxyType(mapping={}), lambda: types.MappingProxyType({}, 1),
 lambda: classmethod(), lambda: classmethod(function=len), lambda: staticmethod(len, 2), lambda: types.GenericAlias(list), lambda: types.GenericAlias(list, int, x=1), lambda: types.GenericAlias(list, int)]
for f in tests:
  try: print(f())
  except TypeError as e: print('TypeError:', e)
import weakref
for f in [lambda: ExceptionGroup("a", [ValueError()]).split(x=1),
          lambda: ExceptionGroup("a", [ValueError()]).subgroup(x=1),
          lambda: ExceptionGroup("a", [ValueError()]).derive(x=1), lambda: weakref.ref(int, x=1)]:
    try:
        f()
    except TypeError as e:
        print("TypeError:", e)
