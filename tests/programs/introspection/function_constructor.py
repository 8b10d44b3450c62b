import types
def outer():
    y = 5
    def inner(a, b=2):
        "doc"
        return a + b + y
    return inner
f = outer()
g = types.FunctionType(f.__code__, {'__name__': 'mod'}, 'renamed', (10,), f.__closure__)
print(g(1), g.__name__, g.__qualname__, g.__doc__, g.__module__, g.__defaults__)
h = types.FunctionType((lambda: 42).__code__, globals())
print(h(), h.__name__)
for args in [(1, {}), (h.__code__, []), (h.__code__, {}, 1), (h.__code__, {}, None, []), (f.__code__, {}), (f.__code__, {}, None, None, 1), (f.__code__, {}, None, None, ()), (f.__code__, {}, None, None, (1,)), (h.__code__, {}, None, None, (1,))]:
    try:
        types.FunctionType(*args)
    except Exception as e:
        print(type(e).__name__, e)
print(types.FunctionType.__text_signature__)
