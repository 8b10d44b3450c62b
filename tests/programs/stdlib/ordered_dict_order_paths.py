# After move_to_end an OrderedDict's order differs from its dict's: every way of reading
# it (iteration, unpacking, merges, json, a class namespace) follows the order.
import json
from collections import OrderedDict as OD
from collections.abc import MutableMapping

od = OD.fromkeys('abcd', 0)
od['a'] = 1
od.move_to_end('a')
od.move_to_end('d', last=False)
print(list(od), tuple(od), [k for k in od], '-'.join(od), list(enumerate(od)), list(zip(od, od.values())))
print(dict(od), {**od}, dict(**od), dict(od.items()), list(dict(od)))
d = {}
d.update(od)
print(d, {'z': 9} | od, list(({'z': 9} | od).keys()))


def keywords(**kw):
    return list(kw)


print(keywords(**od), keywords(x=1, **od))
print(json.dumps(od), json.dumps({'outer': od}), json.loads('{"b": 1, "a": 2}', object_pairs_hook=OD))
print('{a}{b}{c}{d}'.format_map(od), '%(a)s' % od)
a, b, *rest = od
print(a, b, rest, max(od), min(od.values()), sum(od.values()), any(od), len(od), bool(OD()))
print(isinstance(od, MutableMapping), od.get('a'), od.__contains__('a'), 'q' in od)
print(dict.__iter__(od).__class__.__name__, sorted(dict.__iter__(od)), list(dict.keys(od)) == list('abcd'))

# A class body whose namespace is an OrderedDict.
class Meta(type):
    @classmethod
    def __prepare__(mcls, name, bases):
        return OD()

    def __new__(mcls, name, bases, ns):
        ns.move_to_end('__module__')
        print(type(ns).__name__, [k for k in ns if not k.startswith('__')] + [list(ns)[-1]])
        return super().__new__(mcls, name, bases, dict(ns))


class Body(metaclass=Meta):
    first = 1
    def second(self):
        pass
    third = 3


# Setting items of an OrderedDict from every place that stores into a mapping.
od = OD()
exec('x = 1\ny = 2', {}, od)
od['z'] = 3
del od['x']
od['x'] = 4
print(od, list(od.items()))
ns = OD()
exec('for i in range(3): pass\nv = i', {}, ns)
print(ns)
