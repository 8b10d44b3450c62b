# The str and repr of exceptions (KeyError, OSError, SyntaxError, the Unicode errors
# and groups with their own forms) are native slots.
for e in [Exception(), Exception('a'), Exception('a', 1), KeyError('k'), KeyError(), KeyError(1, 2), OSError(2, 'No such'), OSError(2, 'No such', 'f'), OSError(2, 'x', 'f', None, 'g'), SyntaxError('bad', ('f.py', 3, 1, 'x')), SyntaxError('m'), UnicodeDecodeError('utf-8', b'\xff', 0, 1, 'invalid start byte'), UnicodeEncodeError('ascii', '\xe9', 0, 1, 'nope'), UnicodeTranslateError('x', 0, 1, 'r'), ExceptionGroup('eg', [ValueError(1)]), ValueError()]:
    print(type(e).__name__, repr(str(e)), repr(e))
class E(Exception):
    def __str__(self): return 'own'
print(str(E('x')), repr(E('x')), BaseException.__str__(E('x')))
try: {}['missing']
except KeyError as e: print(e, repr(e))
print(type(BaseException.__str__).__name__, BaseException.__repr__.__text_signature__)
