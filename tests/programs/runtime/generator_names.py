# Generators, coroutines and async generators take a new __name__/__qualname__.
def g(): yield
async def c(): pass
async def a(): yield
for obj in (g(), c(), a()):
    obj.__name__ = 'renamed'
    obj.__qualname__ = 'Outer.renamed'
    print(type(obj).__name__, obj.__name__, obj.__qualname__, repr(obj).split(' at ')[0])
    for value in (1, None):
        try:
            obj.__name__ = value
        except TypeError as e:
            print('TypeError:', e)
    try:
        del obj.__qualname__
    except TypeError as e:
        print('TypeError:', e)
    if type(obj).__name__ == 'coroutine':
        obj.close()
