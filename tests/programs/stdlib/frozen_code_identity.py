# Code of a frozen module shares what CPython's shares: one filename for the
# module's code, interned names, equal constants as one object.
import sys
import os
import posixpath
import _collections_abc

join, split = posixpath.join.__code__, posixpath.split.__code__
print(join.co_filename, join.co_filename is split.co_filename)
common = sorted(set(join.co_names) & set(split.co_names))
print(common, all(sys.intern(n) is n for n in join.co_names))
print(all(sys.intern(n) is n for n in join.co_varnames))
print(join.co_consts[1:], join.co_firstlineno, join.co_name, join.co_qualname)
print(type(os.__loader__).__name__, os.__spec__.origin, posixpath.__spec__.name)

# A docstring-less method's name, and identifier-like constants, are interned.
def names_in(code):
    return [c for c in code.co_consts if isinstance(c, str) and c.isidentifier()]
for c in names_in(_collections_abc.Sized.__subclasshook__.__code__):
    print(repr(c), sys.intern(c) is c)

# The code runs, and reads back through marshal as python3.11's does.
import marshal
again = marshal.loads(marshal.dumps(join))
print(again == join, again.co_names == join.co_names)
print(posixpath.join("a", "b", "/c", "d"))
