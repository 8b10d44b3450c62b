# `deque` of `_collections` (CPython's Modules/_collectionsmodule.c),
# frozen into Krait and run in the module's namespace by
# crates/krait-stdlib/src/_collections.rs, which defines `defaultdict` and
# `_count_elements`.

_MISSING = object()
_repr_running = set()


def _as_index(x):
    if hasattr(type(x), '__index__'):
        return type(x).__index__(x)
    raise TypeError(f"'{type(x).__name__}' object cannot be interpreted as an integer")


class deque:
    # The items are `_items[_head:]`: popleft only moves `_head` on, and the dead
    # prefix is cut off once it is half the list, so both ends are amortised O(1).
    __module__ = 'collections'
    __slots__ = ('_items', '_head', '_maxlen', '_state', '__weakref__')

    def __new__(cls, *args, **kwargs):
        self = object.__new__(cls)
        self._items = []
        self._head = 0
        self._maxlen = None
        self._state = 0
        return self

    def __init__(self, iterable=_MISSING, maxlen=None):
        if maxlen is not None:
            if not isinstance(maxlen, int):
                raise TypeError('an integer is required')
            if maxlen < 0:
                raise ValueError('maxlen must be non-negative')
        self._maxlen = maxlen
        if len(self):
            self.clear()
        if iterable is not _MISSING:
            self.extend(iterable)

    @property
    def maxlen(self):
        """maximum size of a deque or None if unbounded"""
        return self._maxlen

    def _live(self):
        # The items as one list starting at index 0.
        if self._head:
            del self._items[:self._head]
            self._head = 0
        return self._items

    def _drop_left(self):
        items = self._items
        head = self._head
        x = items[head]
        items[head] = None
        head += 1
        if head == len(items):
            items.clear()
            head = 0
        elif head > 32 and head * 2 > len(items):
            del items[:head]
            head = 0
        self._head = head
        self._state += 1
        return x

    def append(self, x, /):
        self._items.append(x)
        self._state += 1
        m = self._maxlen
        if m is not None and len(self) > m:
            self._drop_left()

    def appendleft(self, x, /):
        if self._head:
            self._head -= 1
            self._items[self._head] = x
        else:
            self._items.insert(0, x)
        self._state += 1
        m = self._maxlen
        if m is not None and len(self) > m:
            self.pop()

    def pop(self, /):
        if len(self._items) == self._head:
            raise IndexError('pop from an empty deque')
        x = self._items.pop()
        if len(self._items) == self._head:
            self._items.clear()
            self._head = 0
        self._state += 1
        return x

    def popleft(self, /):
        if len(self._items) == self._head:
            raise IndexError('pop from an empty deque')
        return self._drop_left()

    def extend(self, iterable, /):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.append(x)

    def extendleft(self, iterable, /):
        if iterable is self:
            iterable = list(iterable)
        for x in iterable:
            self.appendleft(x)

    def rotate(self, n=1, /):
        n = _as_index(n)
        if len(self) > 1:
            self._state += 1
            items = self._live()
            n %= len(items)
            if n:
                items[:] = items[-n:] + items[:-n]

    def clear(self, /):
        self._items.clear()
        self._head = 0
        self._state += 1

    def count(self, value, /):
        return self._live().count(value)

    def index(self, value, start=0, stop=None, /):
        items = self._live()
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
        if self._maxlen is not None and len(self) >= self._maxlen:
            raise IndexError('deque already at its maximum size')
        self._state += 1
        self._live().insert(index, value)

    def remove(self, value, /):
        items = self._live()
        for i, x in enumerate(items):
            if x is value or x == value:
                if self._live() is not items or i >= len(items):
                    raise IndexError('deque mutated during remove().')
                del items[i]
                self._state += 1
                return
        raise ValueError(f'{value!r} is not in deque')

    def reverse(self, /):
        self._state += 1
        self._live().reverse()

    def copy(self, /):
        if type(self) is deque:
            new = deque(self._live(), self._maxlen)
        elif self._maxlen is None:
            new = type(self)(self)
        else:
            new = type(self)(self, self._maxlen)
        return new

    __copy__ = copy

    def __len__(self):
        return len(self._items) - self._head

    def __bool__(self):
        return len(self._items) != self._head

    def __iter__(self):
        return _deque_iterator(self, iter(self._live()))

    def __reversed__(self):
        return _deque_iterator(self, reversed(self._live()))

    def __contains__(self, value):
        return value in self._live()

    def _check_index(self, i):
        if not hasattr(type(i), '__index__'):
            raise TypeError(f"sequence index must be integer, not '{type(i).__name__}'")
        i = _as_index(i)
        n = len(self)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError('deque index out of range')
        return i + self._head

    def __getitem__(self, i):
        return self._items[self._check_index(i)]

    def __setitem__(self, i, value):
        self._items[self._check_index(i)] = value

    def __delitem__(self, i):
        i = self._check_index(i) - self._head
        self._state += 1
        del self._live()[i]

    def __repr__(self):
        key = id(self)
        name = type(self).__name__
        if key in _repr_running:
            return '[...]'
        _repr_running.add(key)
        try:
            body = repr(self._items[self._head:])
        finally:
            _repr_running.discard(key)
        if self._maxlen is None:
            return f'{name}({body})'
        return f'{name}({body}, maxlen={self._maxlen})'

    def _compare(self, other, op):
        if not isinstance(other, deque):
            return NotImplemented
        return op(self._items[self._head:], other._items[other._head:])

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
            self.clear()
        else:
            items = list(self)
            for _ in range(n - 1):
                self.extend(items)
        return self

    def __reduce_ex__(self, protocol, /):
        # Krait's object.__reduce_ex__ does not yet defer to an overridden __reduce__.
        return self.__reduce__()

    def __reduce__(self):
        # The slots are left out in case they are kept in the instance dict.
        state = getattr(self, '__dict__', None) or {}
        state = {k: v for k, v in state.items() if k not in deque.__slots__} or None
        if self._maxlen is None:
            return (type(self), (), state, iter(list(self)))
        return (type(self), ((), self._maxlen), state, iter(list(self)))

    def __class_getitem__(cls, item):
        from types import GenericAlias
        return GenericAlias(cls, item)


class _deque_iterator:
    __slots__ = ('_deque', '_it', '_state')

    def __init__(self, d, it):
        self._deque = d
        self._it = it
        self._state = d._state

    def __iter__(self):
        return self

    def __next__(self):
        if self._deque._state != self._state:
            self._it = iter(())
            raise RuntimeError('deque mutated during iteration')
        return next(self._it)

    def __length_hint__(self):
        return self._it.__length_hint__()
