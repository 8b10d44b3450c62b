import types
x = 1
w = x.__add__
print(type(w), type(w).__name__, w.__name__, w.__qualname__, w.__self__, w(2))
print(repr(w).split(' at ')[0], w.__text_signature__)
print(types.MethodWrapperType is type(w), type(object().__str__) is type(w))
print([].__len__.__qualname__, repr([].__len__).startswith("<method-wrapper '__len__' of list object at"))
print(callable(w), type(w).__call__)
print(repr(str.upper.__get__('a')).split(' at ')[0], repr('a'.upper).split(' at ')[0])
l = [3]
print(l.__getitem__(0), type(l.__getitem__).__name__, type(l.__setitem__).__name__)
print((lambda: 0).__call__.__name__, type((lambda: 0).__call__).__name__)
try:
    w(1, 2)
except TypeError as e:
    print(e)
