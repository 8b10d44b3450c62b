# OSError's arguments: file names leave args only when given; BlockingIOError's
# third argument can be characters_written, a getset on OSError.
e = BlockingIOError(11, 'x', 5); print(e.characters_written, e.__dict__, e.args, e.filename)
e2 = OSError(11, 'x')
try: e2.characters_written
except AttributeError as x: print('AE', x)
e2.characters_written = 3; print(e2.characters_written, e2.__dict__)
del e2.characters_written
try: del e2.characters_written
except AttributeError as x: print('AE', x)
try: e2.characters_written = 'a'
except TypeError as x: print('TE', x)
print(type(OSError.__dict__['characters_written']).__name__, hasattr(OSError(1, 'x'), 'characters_written'))
for args in [(1, 'x', None), (1, 'x', 'f'), (1, 'x', 'f', None, 'g'), (1,), (1, 'x', 'f', 0)]:
    o = OSError(*args); print(type(o).__name__, o.args, o.errno, o.filename, o.filename2, str(o))
b = BlockingIOError(11, 'x', 'file'); print(b.args, b.filename, hasattr(b, 'characters_written'))
class Sub(BlockingIOError): pass
s = Sub(11, 'x', 7); print(s.args, s.filename, hasattr(s, 'characters_written'))
import io
print(BlockingIOError(11, 'x', 3).characters_written)
