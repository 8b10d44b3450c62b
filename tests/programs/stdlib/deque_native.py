# collections.deque as a native type: methods, maxlen, reprs, comparisons, operators.
from collections import deque
d = deque([1, 2, 3], maxlen=8)
print(d, len(d), d.maxlen, d[0], d[-1], 2 in d, 9 in d, bool(d), bool(deque()))
d.append(4); d.appendleft(0); print(d)
d.rotate(2); print(d); d.rotate(-3); print(d); d.rotate(0); d.rotate(13); print(d)
print(d.pop(), d.popleft(), d)
d.extend([7, 8]); d.extendleft('ab'); print(d, d.index(7), d.count(7), d.index(7, -3))
b = deque(range(5), 3); print(b); b.append(9); print(b); b.appendleft(8); print(b)
b.extend(b); print(b)
z = deque('xyz', 0); z.append(1); z.extend(iter([1, 2])); print(z, z.maxlen)
r = deque(range(10)); r.insert(3, 'x'); r.insert(-100, 'first'); r.insert(100, 'last')
r.remove(5); del r[0]; r[0] = 'y'; del r[-1]; print(r)
r.reverse(); print(r, list(reversed(r)))
c = r.copy(); print(c == r, c is r, r.__copy__() == r, c < deque([100]), deque([1]) <= deque([1, 0]))
print(deque([1, 2]) == [1, 2], deque('ab') != deque('ab'), deque([2]) > deque([1, 5]))
print(deque('ab') + deque('cd'), deque('ab') * 3, 2 * deque('x'), deque('ab') * 0)
x = deque([1]); x += [2, 3]; x *= 2; print(x)
y = deque([1, 2], 5); y *= 4; print(y)
x.append(x); print(x)
d.clear(); print(d, len(d))
e = deque([1, 2, 3]); e.__init__([4]); print(e); e.__init__('ab', 1); print(e, e.maxlen)
print(deque[int], deque.__hash__)
print(type(iter(e)).__name__, type(reversed(e)).__module__)
print(deque.append.__text_signature__, deque.__len__.__text_signature__)
print(deque.__doc__.splitlines()[0])
try:
    deque.x = 1
except TypeError as err:
    print(err)
try:
    deque().maxlen = 3
except AttributeError as err:
    print(err)
try:
    hash(deque())
except TypeError as err:
    print(err)
for n in (-1, 0, 1, 2, 3):
    for m in (None, 0, 2, 5):
        rep = deque('abc', m); rep *= n
        print(n, m, rep, deque('xy', m) * n == rep if n < 1 else len(rep))
