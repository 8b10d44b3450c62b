# __text_signature__ and inspect.signature() of builtin functions, types and
# methods, as CPython's Argument Clinic declares them.
import builtins
import inspect

functions = ['abs', 'aiter', 'all', 'any', 'ascii', 'bin', 'callable', 'chr', 'compile',
             'delattr', 'divmod', 'eval', 'exec', 'format', 'globals', 'hasattr', 'hash',
             'hex', 'id', 'input', 'isinstance', 'issubclass', 'len', 'locals', 'oct',
             'ord', 'pow', 'repr', 'round', 'setattr', 'sorted', 'sum', 'vars', 'anext',
             'breakpoint', 'iter', 'next', 'getattr', 'max', 'min', 'print', 'dir']
for name in functions:
    f = getattr(builtins, name)
    try:
        sig = str(inspect.signature(f))
    except ValueError as e:
        sig = 'ValueError'
    print(name, f.__text_signature__, sig)

methods = [
    (list, ['append', 'insert', 'pop', 'index', 'sort', '__len__', '__getitem__',
            '__init__', '__iadd__', '__lt__', '__contains__']),
    (dict, ['get', 'pop', 'setdefault', 'update', 'fromkeys', '__getitem__', '__len__']),
    (str, ['split', 'join', 'replace', 'startswith', 'encode', 'format', 'maketrans',
           '__add__', '__mod__', '__rmod__']),
    (bytes, ['decode', 'hex', 'fromhex', 'split', 'translate']),
    (int, ['to_bytes', 'from_bytes', 'bit_length', '__add__', '__radd__', '__pow__',
           '__round__', '__format__']),
    (float, ['hex', 'fromhex', 'is_integer', '__round__']),
    (object, ['__init__', '__new__', '__reduce_ex__', '__setattr__', '__eq__', '__dir__']),
    (type, ['mro', '__call__', '__subclasses__', '__instancecheck__']),
    (set, ['add', 'union', 'issubset', '__contains__']),
    (range, ['count', 'index']),
    (memoryview, ['cast', 'tobytes', 'hex', 'release']),
]
for cls, names in methods:
    for name in names:
        f = getattr(cls, name)
        try:
            sig = str(inspect.signature(f))
        except ValueError:
            sig = 'ValueError'
        print(f'{cls.__name__}.{name}', type(f).__name__, f.__text_signature__, sig)

for cls in (int, list, dict, range, slice, memoryview, object, type, bytearray, zip, map, enumerate):
    try:
        sig = str(inspect.signature(cls))
    except ValueError:
        sig = 'ValueError'
    print(cls.__name__, cls.__text_signature__, sig)
