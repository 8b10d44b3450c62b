# collections.OrderedDict changed while iterated, behind its back through dict's own
# methods, and by keys whose __eq__ and __hash__ run code that changes it.
from collections import OrderedDict as OD


def attempt(label, f):
    try:
        print(label, repr(f()))
    except Exception as e:
        print(label, type(e).__name__ + ':', e)


def iterate(label, make_iter, change):
    od = OD.fromkeys('abcde')
    it = make_iter(od)
    seen = [next(it)]
    change(od)
    for _ in range(3):
        try:
            seen.append(next(it))
        except StopIteration:
            seen.append('stop')
        except Exception as e:
            seen.append(type(e).__name__ + ': ' + str(e))
    print(label, seen)


makers = {
    'iter': iter,
    'reversed': reversed,
    'keys': lambda od: iter(od.keys()),
    'values': lambda od: iter(od.values()),
    'items': lambda od: reversed(od.items()),
}
changes = {
    'add': lambda od: od.__setitem__('z', 1),
    'delete': lambda od: od.__delitem__('c'),
    'delete+add': lambda od: (od.__delitem__('c'), od.__setitem__('z', 1)),
    'move_to_end': lambda od: od.move_to_end('b'),
    'move first': lambda od: od.move_to_end('e', last=False),
    'move last key': lambda od: od.move_to_end('e'),
    'set value': lambda od: od.__setitem__('c', 5),
    'pop': lambda od: od.pop('d'),
    'popitem': lambda od: od.popitem(),
    'clear': lambda od: od.clear(),
    'dict setitem': lambda od: dict.__setitem__(od, 'q', 0),
    'dict delitem': lambda od: dict.__delitem__(od, 'b'),
}
for mname, make in makers.items():
    for cname, change in changes.items():
        iterate(f'{mname}/{cname}:', make, change)

od = OD.fromkeys('abcde')
for label, body in [('move in loop', lambda k: od.move_to_end(k)),
                    ('add in loop', lambda k: od.__setitem__('f', None)),
                    ('del in loop', lambda k: od.__delitem__('c'))]:
    try:
        for i, k in enumerate(od):
            body(k)
            if i > 10:
                print('runaway')
                break
    except RuntimeError as e:
        print(label, e)
print(list(od))

# Changes behind the order's back, through dict's methods.
od = OD(spam=1, ham=2)
dict.__delitem__(od, 'spam')
attempt('repr after dict del', lambda: repr(od))
attempt('list after dict del', lambda: list(od))
attempt('values after dict del', lambda: list(od.values()))
attempt('copy after dict del', lambda: od.copy())
attempt('popitem after dict del', lambda: od.popitem(last=False))
od = OD()
dict.__setitem__(od, 'spam', 1)
print(repr(od), len(od), list(od), od.pop('spam', 'kept'), len(od))
od['spam'] = 2
print(od, list(od))
od = OD(a=1, b=2)
dict.clear(od)
print(repr(od), len(od))
attempt('popitem after dict clear', lambda: od.popitem())
od = OD(a=1)
dict.update(od, [('b', 2)])
dict.setdefault(od, 'c', 3)
print(repr(od), len(od), od == OD(a=1), dict(od) == {'a': 1, 'b': 2, 'c': 3})
attempt('move key the order lacks', lambda: od.move_to_end('b'))
od = OD(a=1, b=2)
dict.pop(od, 'a')
attempt('repr after dict pop', lambda: repr(od))
od = OD(a=1, b=2)
dict.popitem(od)
attempt('repr after dict popitem', lambda: repr(od))
od = OD()
dict.__setitem__(od, 1, 'dict')
od[True] = 'od'
print(od, list(od), od.popitem())


# Keys that change the OrderedDict from __eq__ or __hash__.
class Key:
    def __init__(self, name, h, action=None):
        self.name, self.h, self.action = name, h, action
    def __hash__(self):
        return self.h
    def __eq__(self, other):
        if self.action:
            action, self.action = self.action, None
            try:
                action()
            except Exception as e:
                print('  in __eq__:', type(e).__name__, e)
        return isinstance(other, Key) and self.name == other.name
    def __repr__(self):
        return self.name


def evil_cases():
    for name, act in [('clear', lambda od: od.clear()),
                      ('add', lambda od: od.__setitem__('new', 0)),
                      ('popitem', lambda od: od.popitem()),
                      ('move', lambda od: od.move_to_end(next(iter(od)))),
                      ('dict clear', lambda od: dict.clear(od))]:
        for op in ['set', 'del', 'pop', 'move_to_end', 'setdefault', 'contains', 'eq']:
            od = OD()
            od[Key('k', 7)] = 1
            od['s'] = 2
            evil = Key('k', 7, lambda: act(od))
            try:
                if op == 'set':
                    od[evil] = 3
                elif op == 'del':
                    del od[evil]
                elif op == 'pop':
                    od.pop(evil, None)
                elif op == 'move_to_end':
                    od.move_to_end(evil, last=False)
                elif op == 'setdefault':
                    od.setdefault(evil, 4)
                elif op == 'contains':
                    evil in od
                else:
                    other = OD([(evil, 1), ('s', 2)])
                    od == other
                result = 'ok'
            except Exception as e:
                result = type(e).__name__
            try:
                after = list(od.items())
            except Exception as e:
                after = type(e).__name__
            print(f'{name}/{op}:', result, len(od), after)


evil_cases()


class ChangingHash:
    n = 0
    def __hash__(self):
        ChangingHash.n += 1
        return ChangingHash.n
od = OD()
for i in range(5):
    od[ChangingHash()] = i
# Each lookup hashes again and misses (an iteration of the keys alone finds its
# nodes without hashing, where CPython hashes again).
for label, f in [('values', lambda: list(od.values())), ('items', lambda: list(od.items())),
                 ('repr', lambda: repr(od))]:
    try:
        print(label, f())
    except KeyError:
        print(label, 'KeyError')


class OneHash:
    def __hash__(self):
        return 1
od = OD()
od[OneHash()] = 0
print(type(od.popitem()[0]).__name__, len(od))
