# Missing module attributes, worded as CPython words them: a module still being
# imported is "partially initialized".
import types
m = types.ModuleType('mm')
try:
    m.x
except AttributeError as e:
    print(e, e.name, e.obj is m)
m.__spec__ = types.SimpleNamespace(_initializing=True)
try:
    m.x
except AttributeError as e:
    print(e)
m2 = types.ModuleType('nn')
del m2.__name__
try:
    m2.x
except AttributeError as e:
    print(e)
import _partial_a
