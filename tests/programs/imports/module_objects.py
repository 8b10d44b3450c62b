# Module objects: attributes, dir, mutation, __file__ and __dict__.
import _shapes
print(_shapes.__file__.endswith("/imports/_shapes.py"), __file__.endswith("/imports/module_objects.py"))
print([n for n in dir(_shapes) if not n.startswith("__")])
_shapes.added = "set from outside"
print(_shapes.added, _shapes.__dict__["added"], vars(_shapes) is _shapes.__dict__)
print(_shapes.__doc__, __doc__)
print(type(_shapes).__name__, repr(_shapes).startswith("<module '_shapes' from "))
import math, sys
print(repr(math), repr(sys))
