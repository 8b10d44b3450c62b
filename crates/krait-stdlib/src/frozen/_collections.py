# `deque` and `defaultdict` of `_collections` (CPython's Modules/_collectionsmodule.c),
# frozen into Krait and run in the module's namespace by
# crates/krait-stdlib/src/_collections.rs, which adds `_count_elements`.

_MISSING = object()
_repr_running = set()


def _as_index(x):
    if hasattr(type(x), '__index__'):
        return type(x).__index__(x)
    raise TypeError(f"'{type(x).__name__}' object cannot be interpreted as an integer")


class deque:
    __module__ = 'collections'
    __slots__ = ('_items', '_maxlen', '__weakref__')

    def __new__(cls, *args, **kwargs):
        self = object.__new__(cls)
        self._items = []
        self._maxlen = None
        return self

    def __init__(self, iterable=_MISSING, maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError('an integer is required')
            if maxlen < 0:
                raise ValueError('maxlen must be non-negative')
        self._maxlen = maxlen
        if self._items:
            self._items.clear()
        if iterable is not _MISSING:
            self.extend(iterable)

    @property
    def maxlen(self):
        """maximum size of a deque or None if unbounded"""
        return self._maxlen

    def _trim_right(self):
        m = self._maxlen
        if m is not None and len(self._items) > m:
            del self._items[:len(self._items) - m]

    def _trim_left(self):
        m = self._maxlen
        if m is not None and len(self._items) > m:
            del self._items[m:]

    def append(self, x, /):
        self._items.append(x)
        self._trim_right()

    def appendleft(self, x, /):
        self._items.insert(0, x)
        self._trim_left()

    def pop(self, /):
        if not self._items:
            raise IndexError('pop from an empty deque')
        return self._items.pop()

    def popleft(self, /):
        if not self._items:
            raise IndexError('pop from an empty deque')
        return self._items.pop(0)

    def extend(self, iterable, /):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self._items.append(x)
            self._trim_right()

    def extendleft(self, iterable, /):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self._items.insert(0, x)
            self._trim_left()

    def rotate(self, n=1, /):
        n = _as_index(n)
        items = self._items
        if len(items) > 1:
            n %= len(items)
            if n:
                items[:] = items[-n:] + items[:-n]

    def clear(self, /):
        self._items.clear()

    def count(self, value, /):
        return self._items.count(value)

    def index(self, value, start=0, stop=None, /):
        items = self._items
        n = len(items)
        start = _as_index(start)
        stop = n if stop is None else _as_index(stop)
        if start < 0:
            start = max(start + n, 0)
        if stop < 0:
            stop = max(stop + n, 0)
        for i in range(start, min(stop, n)):
            if items[i] is value or items[i] == value:
                return i
        raise ValueError(f'{value!r} is not in deque')

    def insert(self, index, value, /):
        index = _as_index(index)
        if self._maxlen is not None and len(self._items) >= self._maxlen:
            raise IndexError('deque already at its maximum size')
        self._items.insert(index, value)

    def remove(self, value, /):
        items = self._items
        for i, x in enumerate(items):
            if x is value or x == value:
                del items[i]
                return
        raise ValueError(f'{value!r} is not in deque')

    def reverse(self, /):
        self._items.reverse()

    def copy(self, /):
        if type(self) is deque:
            new = deque(self._items, self._maxlen)
        elif self._maxlen is None:
            new = type(self)(self)
        else:
            new = type(self)(self, self._maxlen)
        return new

    __copy__ = copy

    def __len__(self):
        return len(self._items)

    def __bool__(self):
        return bool(self._items)

    def __iter__(self):
        return _deque_iterator(self, iter(self._items))

    def __reversed__(self):
        return _deque_iterator(self, reversed(self._items))

    def __contains__(self, value):
        return value in self._items

    def _check_index(self, i):
        if not hasattr(type(i), '__index__'):
            raise TypeError(f"sequence index must be integer, not '{type(i).__name__}'")
        i = _as_index(i)
        n = len(self._items)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError('deque index out of range')
        return i

    def __getitem__(self, i):
        return self._items[self._check_index(i)]

    def __setitem__(self, i, value):
        self._items[self._check_index(i)] = value

    def __delitem__(self, i):
        del self._items[self._check_index(i)]

    def __repr__(self):
        key = id(self)
        name = type(self).__name__
        if key in _repr_running:
            return '[...]'
        _repr_running.add(key)
        try:
            body = repr(self._items)
        finally:
            _repr_running.discard(key)
        if self._maxlen is None:
            return f'{name}({body})'
        return f'{name}({body}, maxlen={self._maxlen})'

    def _compare(self, other, op):
        if not isinstance(other, deque):
            return NotImplemented
        return op(self._items, other._items)

    def __eq__(self, other):
        return self._compare(other, list.__eq__)

    def __ne__(self, other):
        return self._compare(other, list.__ne__)

    def __lt__(self, other):
        return self._compare(other, list.__lt__)

    def __le__(self, other):
        return self._compare(other, list.__le__)

    def __gt__(self, other):
        return self._compare(other, list.__gt__)

    def __ge__(self, other):
        return self._compare(other, list.__ge__)

    __hash__ = None

    def __add__(self, other):
        if not isinstance(other, deque):
            raise TypeError(f'can only concatenate deque (not "{type(other).__name__}") to deque')
        new = self.copy()
        new.extend(other)
        return new

    def __iadd__(self, other):
        self.extend(other)
        return self

    def __mul__(self, n):
        new = self.copy()
        new *= n
        return new

    __rmul__ = __mul__

    def __imul__(self, n):
        n = _as_index(n)
        if n <= 0:
            self._items.clear()
        else:
            items = list(self._items)
            for _ in range(n - 1):
                self.extend(items)
        return self

    def __reduce_ex__(self, protocol, /):
        # Krait's object.__reduce_ex__ does not yet defer to an overridden __reduce__.
        return self.__reduce__()

    def __reduce__(self):
        # The slots are left out in case they are kept in the instance dict.
        state = getattr(self, '__dict__', None) or {}
        state = {k: v for k, v in state.items() if k not in ('_items', '_maxlen')} or None
        if self._maxlen is None:
            return (type(self), (), state, iter(list(self._items)))
        return (type(self), ((), self._maxlen), state, iter(list(self._items)))

    def __class_getitem__(cls, item):
        from types import GenericAlias
        return GenericAlias(cls, item)


class _deque_iterator:
    __slots__ = ('_deque', '_it', '_len')

    def __init__(self, d, it):
        self._deque = d
        self._it = it
        self._len = len(d._items)

    def __iter__(self):
        return self

    def __next__(self):
        if len(self._deque._items) != self._len:
            self._it = iter(())
            raise RuntimeError('deque mutated during iteration')
        return next(self._it)

    def __length_hint__(self):
        return self._it.__length_hint__()


class defaultdict(dict):
    __module__ = 'collections'

    def __init__(self, *args, **kwargs):
        factory = None
        if args:
            factory = args[0]
            args = args[1:]
            if factory is not None and not callable(factory):
                raise TypeError('first argument must be callable or None')
        self.default_factory = factory
        dict.__init__(self, *args, **kwargs)

    def __missing__(self, key):
        if self.default_factory is None:
            raise KeyError(key)
        value = self.default_factory()
        self[key] = value
        return value

    def __repr__(self):
        key = id(self)
        if key in _repr_running:
            body = '{...}'
        else:
            _repr_running.add(key)
            try:
                body = dict.__repr__(self)
            finally:
                _repr_running.discard(key)
        factory = self.default_factory
        if factory is None:
            frepr = 'None'
        elif id(factory) in _repr_running:
            frepr = '...'
        else:
            _repr_running.add(id(factory))
            try:
                frepr = repr(factory)
            finally:
                _repr_running.discard(id(factory))
        return f'{type(self).__name__}({frepr}, {body})'

    def copy(self):
        return type(self)(self.default_factory, self)

    __copy__ = copy

    def __reduce_ex__(self, protocol, /):
        # Krait's object.__reduce_ex__ does not yet defer to an overridden __reduce__.
        return self.__reduce__()

    def __reduce__(self):
        args = () if self.default_factory is None else (self.default_factory,)
        return (type(self), args, None, None, iter(self.items()))

    def __or__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = self.copy()
        new.update(other)
        return new

    def __ror__(self, other):
        if not isinstance(other, dict):
            return NotImplemented
        new = type(self)(self.default_factory, other)
        new.update(self)
        return new
