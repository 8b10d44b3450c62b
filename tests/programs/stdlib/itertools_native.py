# itertools types are native: immutable types, no instance dict, subclasses that
# override __next__ or add attributes, __new__ checks, __text_signature__ and docs.
import itertools as it


def t(f):
    try:
        print(repr(f()))
    except Exception as e:
        print(type(e).__name__, e)


NAMES = ['accumulate', 'chain', 'combinations', 'combinations_with_replacement',
         'compress', 'count', 'cycle', 'dropwhile', 'filterfalse', 'groupby', 'islice',
         'pairwise', 'permutations', 'product', 'repeat', 'starmap', 'takewhile',
         'zip_longest', '_grouper', '_tee', '_tee_dataobject']
for name in NAMES:
    ty = getattr(it, name)
    try:
        class Sub(ty):
            pass
        sub = 'subclassable'
    except TypeError:
        sub = 'final'
    try:
        ty.x = 1
    except TypeError as e:
        err = str(e)
    print(name, ty.__name__, ty.__qualname__, ty.__module__, sub, err)
    print(' ', (ty.__doc__ or '').split('\n')[0][:60])
print(sorted(n for n in dir(it) if not n.startswith('__')))
print(it.tee, it.tee.__text_signature__, it.tee.__doc__, it.tee.__self__ is it)
print(it.chain.from_iterable.__text_signature__, it.count.__reduce__.__text_signature__)
print(it.count.__next__.__text_signature__, it.cycle.__setstate__.__text_signature__)
print(type(it.chain.__dict__['from_iterable']).__name__, type(it.chain.__dict__['__class_getitem__']).__name__)
print(it.count.__dict__['__reduce__'], it.cycle.__dict__['__next__'])

c = it.chain('ab')
t(lambda: vars(c))
t(lambda: setattr(c, 'x', 1))
t(lambda: c.x)
t(lambda: c.__dict__)
t(lambda: it.chain.__new__(it.chain, [1]).__class__)
t(lambda: it.chain.__new__(int))
t(lambda: it.chain.__new__(1))
t(lambda: it.chain.__new__())
t(lambda: it.permutations.__new__(it.chain, 'ab'))
t(lambda: it.chain[int])
t(lambda: it.chain.__class_getitem__())
t(lambda: it.chain.from_iterable())
t(lambda: it.chain.from_iterable(x=1))
t(lambda: it.chain.from_iterable([[1], [2]], 3))


class Upper(it.chain):
    def __next__(self):
        return super().__next__().upper()


u = Upper('ab', 'c')
u.tag = 'u'
print(list(u), vars(u), type(Upper.from_iterable(['xy'])).__name__, list(Upper.from_iterable(['xy'])))


class Named(it.count):
    def __repr__(self):
        return 'Named!'


n = Named(3, 2)
print(next(n), n, it.count.__repr__(n), n.__reduce__()[1], isinstance(n, it.count))
