# types.TracebackType(tb_next, tb_frame, tb_lasti, tb_lineno) makes a traceback that
# reports the lasti and line it was given, with CPython's argument checks.
import types, sys
f = sys._getframe()
def get_tb():
    try: raise OSError()
    except OSError as e: return e.__traceback__
other = get_tb()
for args in [('no', f, 1, 2), (None, 'no', 1, 2), (None, f, 'no', 2), (None, f, 1, 'x'), (None, f, 1)]:
    try: types.TracebackType(*args)
    except TypeError as e: print(e)
tb = types.TracebackType(other, f, 1, 2)
print(tb.tb_lasti, tb.tb_lineno, tb.tb_next is other, tb.tb_frame is f)
tb = types.TracebackType(tb_next=None, tb_frame=f, tb_lasti=6, tb_lineno=20)
print(tb.tb_lasti, tb.tb_lineno, tb.tb_next)
e = ValueError('x').with_traceback(tb)
import traceback
print(traceback.format_tb(tb)[0].splitlines()[0].replace(__file__, 'FILE'))
