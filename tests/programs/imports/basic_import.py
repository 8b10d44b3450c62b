# import, import as, from-import and module attributes.
import _shapes
import _shapes as shapes_alias
from _shapes import area, Square as Sq, PI
print(_shapes.area(2), area(1), Sq(3).area(), PI)
print(shapes_alias is _shapes, _shapes.__name__, type(_shapes).__name__)
print(_shapes.Square.__module__, area.__module__)
import sys
print("_shapes" in sys.modules, sys.modules["_shapes"] is _shapes)
import _shapes
print("imported once")
