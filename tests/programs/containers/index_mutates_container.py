# An index whose __index__ empties the container is checked against the length
# after the call, with CPython's IndexError.
class I:
    def __index__(s): l.clear(); return 0
l=[1,2,3]
try: l[I()] = 5
except IndexError as e: print(e)
l=[1,2,3]
try: del l[I()]
except IndexError as e: print(e)
l=[1,2,3]
try: print(l[I()])
except IndexError as e: print(e)
b = bytearray(b'abc')
class J:
    def __index__(s): b.clear(); return 1
try: b[J()] = 5
except IndexError as e: print(e)
b = bytearray(b'abc')
try: del b[J()]
except IndexError as e: print(e)
b = bytearray(b'abc')
class K:
    def __index__(s): b.clear(); return 65
try: b[0] = K()
except IndexError as e: print(e)
l = [1,2,3]
class S:
    def __index__(s): l.clear(); return 1
try: l[S():3] = [9]; print(l)
except IndexError as e: print(e)
l = [1,2,3]
try: l.insert(S(), 7); print(l)
except IndexError as e: print(e)
l = [1,2,3]
try: print(l.pop(S()))
except IndexError as e: print(e)
l = [1,2,3]
try: print(l.index(2, S())); 
except ValueError as e: print(e)
import array
a = array.array('i', [1,2,3])
class A:
    def __index__(s): a.pop(); a.pop(); a.pop(); return 1
try: a[A()] = 5
except IndexError as e: print(e)
a = array.array('i', [1,2,3])
try: a[0] = A(); print(a)
except (IndexError, TypeError) as e: print(e)
from collections import deque
d = deque([1,2,3])
class D:
    def __index__(s): d.clear(); return 1
try: d[D()] = 5
except IndexError as e: print(e)
