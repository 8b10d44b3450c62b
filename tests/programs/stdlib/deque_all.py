# collections.deque: every method, maxlen, indexing, comparisons, errors.
from collections import deque
import copy


def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


d = deque([1, 2, 3])
print(d, len(d), d[0], d[-1], 2 in d, 5 in d)
d.append(4); d.appendleft(0); print(d)
print(d.pop(), d.popleft(), d)
d.extend([7, 8]); d.extendleft([-1, -2]); print(d)
d.rotate(2); print(d); d.rotate(-3); print(d); d.rotate(0); print(d)
print(d.count(7), d.index(7), d.index(8, 2))
d.insert(1, 'x'); print(d)
d.remove('x'); print(d)
d.reverse(); print(d)
c = d.copy(); c.clear(); print(c, d)
d[0] = 'first'; del d[1]; print(d)
print(list(reversed(deque('abc'))), list(deque('abc')))
m = deque(range(5), maxlen=3); print(m, m.maxlen)
m.append(9); print(m); m.appendleft(-1); print(m)
m.extend('ab'); print(m); m.extendleft('cd'); print(m)
print(repr(deque([], maxlen=3)), repr(deque()), deque(maxlen=0))
t(lambda: deque([1], -1))
t(lambda: deque([1], 'a'))
t(lambda: deque().pop())
t(lambda: deque().popleft())
t(lambda: deque([1]).remove(2))
t(lambda: deque([1]).index(2))
t(lambda: deque([1])[5])
t(lambda: deque([1])[-2])
t(lambda: deque([1])['a'])
t(lambda: deque([1], 1).insert(0, 2))
t(lambda: deque([1]) == [1])
t(lambda: deque([1]) + [1])
t(lambda: deque([1]) + deque([2]))
t(lambda: deque([1, 2]) * 2)
t(lambda: 2 * deque([1, 2]))
t(lambda: deque([1, 2], 3) * 2)
t(lambda: deque([1, 2], maxlen=2))
t(lambda: deque([1]).rotate('a'))
t(lambda: deque([1, 2]) < deque([1, 3]))
t(lambda: deque([1, 2]) == deque([1, 2]))
t(lambda: deque([1, 2]) >= deque([1, 2, 0]))
t(lambda: bool(deque()))
e = deque([1]); e += [2, 3]; print(e)
e *= 2; print(e)
r = deque(); r.append(r); print(r)
print(deque.__name__, deque.__module__, type(deque()).__name__)
dd = deque([1, 2, 3])
try:
    for x in dd:
        dd.append(x)
except RuntimeError as ex:
    print('RuntimeError', ex)
print(copy.copy(deque([1, 2], 5)))
print(copy.deepcopy(deque([[1]], 3)), deque([1, 2], 4).__reduce__()[:3])


class D(deque):
    pass


sd = D('ab', 5)
print(sd, sd.copy(), type(sd.copy()).__name__, isinstance(sd, deque))
sd.extra = 1
print(copy.copy(sd), getattr(copy.copy(sd), 'extra', 'no extra'))

q = deque(range(100))
for i in range(1000):
    q.append(i)
    q.popleft()
    q[0]
print(len(q), q[0], q[-1], q[50], list(q)[:3])
q = deque(range(10)); q.popleft(); q.popleft(); q.appendleft('a'); q.rotate(1)
print(q, q.index(5), 5 in q, q.count(5))
q.remove(5); del q[0]; q.reverse(); q.insert(2, 'z')
print(q, len(q), bool(q))
d = deque(range(50))
print([d.popleft() for _ in range(40)][-1], d, d == deque(range(40, 50)), d.copy())
try:
    for x in d:
        d.popleft()
except RuntimeError as e:
    print(e)
try:
    for x in d:
        d.append(1)
        d.pop()
except RuntimeError as e:
    print(e)
