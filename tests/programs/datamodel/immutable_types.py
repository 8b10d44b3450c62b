# Which types take new attributes: builtins and the types standing in for CPython's
# static ones refuse, struct sequences (heap types in 3.11) accept, and cannot be derived from.
import os, types, time, sys
for t in (os.stat_result, types.GenericAlias, types.UnionType, types.SimpleNamespace, time.struct_time, int, list):
    try:
        t.extra = 1
        print('set', t.__name__)
    except TypeError as e:
        print(e)
class C: pass
C.extra = 1; print(C.extra)
try:
    class S(os.stat_result): pass
except TypeError as e:
    print(e)

class N(types.SimpleNamespace): pass
N.extra = 3; print(N.extra, N(a=1))
