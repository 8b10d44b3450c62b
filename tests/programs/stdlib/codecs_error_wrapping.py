# Which exceptions a codec raises are reworded "encoding with ... codec failed"
# (those holding only a message) and which pass unchanged.
import codecs
class E1(RuntimeError): pass
class E2(RuntimeError): __slots__ = ()
class E3(RuntimeError): __slots__ = ('a',)
class E4(RuntimeError):
    def __init__(self, *a): super().__init__(*a)
class E5(KeyError): pass
def search(name):
    if name == 'wraptest':
        def enc(s, errors='strict'):
            raise current
        return codecs.CodecInfo(enc, enc, name='wraptest')
codecs.register(search)
for current in [RuntimeError('x'), RuntimeError(), RuntimeError('a','b'), RuntimeError(1), E1('m'), E2('m'), E3('m'), E4('m'), E5('k'), KeyError('k'), UnicodeError('u'), OSError('o'), StopIteration('s'), MemoryError('m'), ValueError(str), TypeError('t'), LookupError('l')]:
    try:
        'x'.encode('wraptest')
    except Exception as e:
        print(type(e).__name__, e, type(e.__cause__).__name__, e.__suppress_context__, e.__context__ is current)
for data, codec in [(b'abc', 'hex'), (b'not zlib', 'zlib'), (b'!!', 'base64'), (b'x', 'uu')]:
    try:
        codecs.decode(data, codec)
    except Exception as e:
        print(codec, type(e).__module__, type(e).__name__, e, type(e.__cause__).__name__)
try:
    b'abc'.decode('wraptest')
except Exception as e:
    print(type(e).__name__, e)
