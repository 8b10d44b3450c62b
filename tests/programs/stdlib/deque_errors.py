# collections.deque: argument errors, index errors and mutation during iteration.
from collections import deque
d = deque([1, 2, 3])
tests = [
    'd.append()', 'd.append(1, 2)', 'd.append(x=1)', 'd.pop(1)', 'd.pop(x=1)',
    'd.rotate(1, 2)', 'd.rotate(x=1)', 'd.rotate(1.5)', 'd.index()', 'd.index(1, 2, 3, 4)',
    'd.index(1, "a")', 'd.index(9)', 'd.index(1, 1)', 'd.insert(1)', 'd.insert("a", 1)',
    'd.remove(9)', 'd.count()', 'd.extend(5)', 'd.__reduce__(1)', 'd.__copy__(1)',
    'deque(1, 2, 3)', 'deque(foo=1)', 'deque(maxlen=-1)', 'deque(maxlen=1.5)',
    'deque([], 2**100)', 'deque(5)', 'deque(iterable=[1], maxlen=2)',
    'd[1:2]', 'd["a"]', 'd[3]', 'd[-4]', 'd + [1]', '[1] + d', 'd + 5', 'd * 1.5',
    'd * "x"', 'deque().pop()', 'deque().popleft()', 'deque([1], 1).insert(0, 2)',
    'deque.append(1, 2)', 'deque.__new__(5)', 'deque.__class_getitem__()',
]
for t in tests:
    try:
        print(t, '->', repr(eval(t)))
    except Exception as e:
        print(t, '!!', type(e).__name__, e)
for op in ('d[5] = 0', 'del d[5]', 'd["k"] = 0', 'del d[1:]'):
    try:
        exec(op)
    except Exception as e:
        print(op, '!!', type(e).__name__, e)
for mutate in (lambda: d.append(0), lambda: d.pop(), lambda: d.rotate(1), lambda: d.clear()):
    d.extend([1, 2, 3])
    try:
        for item in d:
            mutate()
    except RuntimeError as e:
        print(type(e).__name__, e)
d = deque([1, 2, 3]); it = reversed(d)
print(next(it)); d[0] = 'changed'; print(list(it))
it = iter(d); d.reverse(); print(list(it))
class Evil:
    def __eq__(self, other):
        d.append(0)
        return False
d = deque([1, 2])
for method in (d.count, d.index, d.remove, d.__contains__):
    try:
        method(Evil())
    except Exception as e:
        print(method.__name__, type(e).__name__, e)
