# The builtin functions bind their arguments through declared signatures: CPython's
# messages for every kind of misuse, keywords included, and their __text_signature__.
import io


def attempt(text):
    try:
        print(text, '->', repr(eval(text)))
    except Exception as e:
        print(text, '->', type(e).__name__, e)


for text in [
    'len(x=1)', 'len()', 'len(1, 2)', 'hex()', 'hex(x=1)', 'ascii()', 'id(x=1)',
    'callable(1, 2)', 'abs()', 'chr()', 'ord()', 'any()', 'all(x=1)',
    'getattr(1)', 'getattr(1, 2, 3, 4)', 'getattr(1, x=2)', 'getattr(1, 2)',
    'getattr(1, "zz", None)', 'setattr(1, 2)', 'delattr(1)', 'hasattr(1)',
    'isinstance(1)', 'isinstance(1, int, x=1)', 'issubclass(1, int)', 'divmod(1)',
    'divmod(x=1)', 'format()', 'format(1, 2, 3)', 'format(1, format_spec="x")',
    'iter()', 'iter(1, 2)', 'next()', 'next(iter([]), None)', 'vars(1, 2)',
    'vars(x=1)', 'dir(1, 2)', 'dir(x=1)', 'input(1, 2)', 'input(1, prompt=2)',
    'globals(1)', 'locals(x=1)',
    'pow()', 'pow(1)', 'pow(1, 2, 3, 4)', 'pow(1, 2, x=3)', 'pow(base=2, exp=3)',
    'pow(2, 3, mod=5)', 'round()', 'round(1, 2, 3)', 'round(number=1, x=2)',
    'round(2.567, ndigits=1)', 'sum()', 'sum(1, 2, 3)', 'sum(iterable=[])',
    'sum([], start=1, x=2)', 'sum([1, 2], start=5)',
    'min()', 'min(x=1)', 'min([], key=None, default=1, x=3)', 'min([1], x=3)',
    'max(1, 2, default=3)', 'max([], default=7)', 'min([3, 1, 2], key=lambda x: -x)',
    'sorted()', 'sorted(1, 2)', 'sorted(iterable=[])', 'sorted([], x=1)',
    'sorted([], reverse=1, key=None, x=2, y=3)',
    'sorted([3, 1, 2], key=lambda x: -x, reverse=True)',
    'print(x=1)', 'print(sep=1, end=1, file=1, flush=1, x=1)',
    'print(1, 2, sep="-", file=io.StringIO(), flush=True)',
    'exec()', 'exec(source="1")', 'exec(1, 2, 3, 4)', 'exec("1", closure=(1,))',
    'exec(compile("1", "f", "exec"), closure=())', 'eval()', 'eval("1", {}, {}, {})',
    'eval("1", globals={})', 'compile()', 'compile("1", "f", "eval", 0, False, -1, 1, 2)',
    'compile("1", "f", "eval", flags=0, x=1)', 'compile(source="1", filename="f", mode="eval").co_filename',
    '__import__()', '__import__("os", x=1)', '__import__(name="os", level=0).__name__',
]:
    attempt(text)

for f in [len, getattr, pow, round, sum, sorted, min, max, print, iter, next, vars,
          dir, input, isinstance, issubclass, divmod, format, hex, oct, bin, abs,
          any, all, callable, chr, ord, id, hash, repr, ascii, setattr, delattr,
          hasattr, globals, locals, exec, eval, compile, __import__, __build_class__]:
    print(f.__name__, repr(f.__text_signature__))
