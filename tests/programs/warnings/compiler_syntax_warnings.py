# The compiler's SyntaxWarnings (CPython's compiler_warn): 'is' with a literal,
# an always-true assert, a call or subscript of a literal that lacks a comma;
# under an error filter each becomes a SyntaxError at its place.
import warnings, sys
def c(src, mode='exec'):
    try:
        compile(src, '<src>', mode)
        print('ok')
    except SyntaxError as e:
        print('SyntaxError', e.msg, e.lineno, e.offset, e.end_lineno, e.end_offset, repr(e.text))
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    for src in ['x is 1', 'x is not ()', 'x is (1,)', 'x is -1', 'x is None', 'x is ...', 'x is True is 1', '1 is x is 2',
                'not (x is 1)', 'if x is "a": pass', 'if 1 < x is 3: pass', 'x is __debug__', 'x is f"a"', 'x is [1]',
                'assert (1, 2)', 'assert ()', 'assert (x,)', 'assert ((1, 2))', '(1)(2)', '"a"(2)', '[1](2)', '{}(1)', '{1}(1)', '(x for x in y)(1)', 'f"x"(1)', '(lambda: 1)(2)', 'None(1)', '...()',
                '1[2]', 'None[0]', '{1}[0]', '(lambda: 0)[0]', '(x for x in y)[0]', '"abc"[1.0]', '"abc"[1]', '"abc"["a"]', '[1][(1, 2)]', '(1,2)[1:2]', '(1,2)[x]', 'b"a"[{}]', '[x for x in y][1.5]', 'f"a"["b"]', 'True[1]', '(1,2)[True]', 'x[1, 2]', '"a"[-1]', '"a"[None]',
                'a = [1][0.5] = 3', 'del "a"["b"]',
                'def f():\n    return x is 1\n', 'class C:\n    y = (1, 2) is z\n', 'x = (\n  1 is y\n)']:
        w.clear()
        c(src)
        print(repr(src), [(str(m.message), m.lineno, m.filename, m.category.__name__) for m in w])
warnings.simplefilter('error')
c('x is 1'); c('\n\nassert (a, b)'); c('if 1:\n  y = [1](2)\n'); c('z = "abc"[1.0]')
warnings.simplefilter('ignore')
c('x is 1')
warnings.resetwarnings()
warnings.simplefilter('error', DeprecationWarning)
c('x is 1')
