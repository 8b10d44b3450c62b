# The parts of `itertools` not written in Rust: `groupby` and `tee` (CPython's
# Modules/itertoolsmodule.c), frozen into Krait and run in the module's namespace by
# crates/krait-stdlib/src/itertools.rs.

_MISSING = object()


def _index(name, x):
    if hasattr(type(x), '__index__'):
        return type(x).__index__(x)
    raise TypeError(f"'{type(x).__name__}' object cannot be interpreted as an integer")


def _nargs(name, args, lo, hi):
    n = len(args)
    if lo == hi and n != lo:
        raise TypeError(f'{name} expected {lo} argument{"s" if lo != 1 else ""}, got {n}')
    if n < lo:
        raise TypeError(f'{name} expected at least {lo} argument{"s" if lo != 1 else ""}, got {n}')
    if hi is not None and n > hi:
        raise TypeError(f'{name} expected at most {hi} argument{"s" if hi != 1 else ""}, got {n}')


def _parse(name, args, kw, names, required, npos=None):
    # PyArg_ParseTupleAndKeywords: `names` in order, the first `required` of them
    # required, the first `npos` (default: all) also positional.
    npos = len(names) if npos is None else npos
    given = len(args) + len(kw)
    if given > len(names):
        keyword = '' if args else 'keyword '
        raise TypeError(f'{name}() takes at most {len(names)} {keyword}arguments ({given} given)')
    if len(args) > npos:
        what = 'arguments' if npos == len(names) else 'positional arguments'
        if npos == 1:
            what = what[:-1]
        raise TypeError(f'{name}() takes at most {npos} {what} ({len(args)} given)')
    values = list(args) + [_MISSING] * (len(names) - len(args))
    for i, k in enumerate(names):
        if k in kw:
            if i < len(args):
                raise TypeError(f"argument for {name}() given by name ('{k}') and position ({i + 1})")
            values[i] = kw[k]
        elif i < required and values[i] is _MISSING:
            raise TypeError(f"{name}() missing required argument '{k}' (pos {i + 1})")
    for k in kw:
        if k not in names:
            raise TypeError(f"'{k}' is an invalid keyword argument for {name}()")
    return values


def _no_kw(name, kw):
    if kw:
        raise TypeError(f'{name}() takes no keyword arguments')


_obj_new = object.__new__


def _generic_alias(cls, item):
    try:
        from types import GenericAlias
    except ImportError:
        return cls
    return GenericAlias(cls, item)


chain.__class_getitem__ = classmethod(_generic_alias)


class groupby:
    def __new__(cls, *args, **kw):
        iterable, key = _parse('groupby', args, kw, ('iterable', 'key'), 1)
        self = _obj_new(cls)
        self._keyfunc = None if key is _MISSING else key
        self._it = iter(iterable)
        self._tgtkey = self._currkey = self._currvalue = _MISSING
        self._currgrouper = None
        return self

    def __iter__(self):
        return self

    def _step(self):
        v = next(self._it)
        self._currvalue = v
        self._currkey = v if self._keyfunc is None else self._keyfunc(v)

    def __next__(self):
        self._currgrouper = None
        while True:
            if self._currkey is _MISSING:
                self._step()
            elif self._tgtkey is _MISSING:
                break
            elif not (self._tgtkey == self._currkey):
                break
            else:
                self._step()
        self._tgtkey = self._currkey
        g = _grouper(self, self._tgtkey)
        self._currgrouper = g
        return (self._currkey, g)


class _grouper:
    def __init__(self, parent, tgtkey):
        self._parent = parent
        self._tgtkey = tgtkey

    def __iter__(self):
        return self

    def __next__(self):
        p = self._parent
        if p._currgrouper is not self:
            raise StopIteration
        if p._currvalue is _MISSING:
            p._step()
        if not (self._tgtkey == p._currkey):
            raise StopIteration
        r = p._currvalue
        p._currvalue = _MISSING
        p._currkey = _MISSING
        return r


class _tee_dataobject:
    __slots__ = ('it', 'values', 'next')

    def __init__(self, it):
        self.it = it
        self.values = []
        self.next = None


class _tee:
    def __new__(cls, iterable):
        it = iter(iterable)
        if isinstance(it, _tee):
            return it.__copy__()
        self = _obj_new(cls)
        self._data = _tee_dataobject(it)
        self._index = 0
        return self

    def __iter__(self):
        return self

    def __next__(self):
        if self._index >= 57:
            if self._data.next is None:
                self._data.next = _tee_dataobject(self._data.it)
            self._data = self._data.next
            self._index = 0
        data = self._data
        if self._index < len(data.values):
            v = data.values[self._index]
        else:
            v = next(data.it)
            data.values.append(v)
        self._index += 1
        return v

    def __copy__(self):
        new = _obj_new(type(self))
        new._data = self._data
        new._index = self._index
        return new


_tee.__name__ = _tee.__qualname__ = '_tee'


def tee(*args):
    _nargs('tee', args, 1, 2)
    iterable = args[0]
    n = _index('tee', args[1]) if len(args) > 1 else 2
    if n < 0:
        raise ValueError('n must be >= 0')
    if n == 0:
        return ()
    it = iter(iterable)
    first = it.__copy__() if hasattr(it, '__copy__') else _tee(it)
    result = [first]
    for _ in range(1, n):
        result.append(first.__copy__())
    return tuple(result)
