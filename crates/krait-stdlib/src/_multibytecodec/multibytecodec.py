"""The base classes of the CJK codecs' incremental coders and streams.

Each reads the class attribute `codec` (a MultibyteCodec from a `_codecs_*`
module's getcodec) and keeps its state in a native coder that codec makes.
"""


def _errors(errors):
    return 'strict' if errors is None else errors


class _Errors:
    """The `errors` attribute: a str, which cannot be deleted."""

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        return obj._errors

    def __set__(self, obj, value):
        if not isinstance(value, str):
            raise TypeError('errors must be a string')
        obj._errors = value

    def __delete__(self, obj):
        raise AttributeError('cannot delete attribute')


def _codec_of(self):
    codec = getattr(type(self), 'codec', None)
    if not isinstance(codec, MultibyteCodec):
        raise TypeError('codec is unexpected type')
    return codec


class MultibyteIncrementalEncoder:
    errors = _Errors()

    def __init__(self, errors='strict'):
        self.errors = _errors(errors)
        self._coder = _codec_of(self)._encoder()

    def encode(self, input, final=False):
        return self._coder.encode(input, self.errors, final)

    def reset(self):
        self._coder.reset()

    def getstate(self):
        return 0

    def setstate(self, state):
        if not isinstance(state, int):
            raise TypeError("'%s' object cannot be interpreted as an integer"
                            % type(state).__name__)
        raw = state.to_bytes(17, 'little')
        if raw[0] > 8:
            raise UnicodeError('pending buffer too large')
        raw[1:1 + raw[0]].decode('utf-8')
        self._coder.reset()


class MultibyteIncrementalDecoder:
    errors = _Errors()

    def __init__(self, errors='strict'):
        self.errors = _errors(errors)
        self._coder = _codec_of(self)._decoder()
        self._flags = 0

    def decode(self, input, final=False):
        return self._coder.decode(input, self.errors, final)

    def reset(self):
        self._coder.reset()

    def getstate(self):
        return (self._coder.getpending(), self._flags)

    def setstate(self, state):
        if not isinstance(state, tuple):
            raise TypeError('state argument must be a tuple')
        if (len(state) != 2 or not isinstance(state[0], bytes)
                or not isinstance(state[1], int)):
            raise TypeError('setstate(): illegal state argument')
        pending, flags = state
        if len(pending) > 8:
            raise UnicodeError('pending buffer too large')
        self._coder.setpending(pending)
        self._flags = flags


class MultibyteStreamReader:
    errors = _Errors()

    def __init__(self, stream, errors='strict'):
        self.stream = stream
        self.errors = _errors(errors)
        self._coder = _codec_of(self)._decoder()

    def _iread(self, method, size):
        if size is None:
            size = -1
        if size == 0:
            return ''
        while True:
            if size < 0:
                data = getattr(self.stream, method)()
            else:
                data = getattr(self.stream, method)(size)
            if not isinstance(data, bytes):
                raise TypeError('stream function returned a non-bytes object (%s)'
                                % type(data).__name__)
            final = size < 0 or not data
            text = self._coder.decode(data, self.errors, final)
            if text or final:
                return text

    def read(self, sizeobj=None):
        return self._iread('read', sizeobj)

    def readline(self, sizeobj=None):
        return self._iread('readline', sizeobj)

    def readlines(self, sizehintobj=None):
        return self._iread('read', sizehintobj).splitlines(True)

    def reset(self):
        self._coder.reset()


class MultibyteStreamWriter:
    errors = _Errors()

    def __init__(self, stream, errors='strict'):
        self.stream = stream
        self.errors = _errors(errors)
        self._coder = _codec_of(self)._encoder()

    def write(self, strobj):
        self.stream.write(self._coder.encode(strobj, self.errors, False))

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def reset(self):
        data = self._coder.encode('', self.errors, True)
        if data:
            self.stream.write(data)


for _cls in (MultibyteIncrementalEncoder, MultibyteIncrementalDecoder,
             MultibyteStreamReader, MultibyteStreamWriter):
    _cls.__module__ = '_multibytecodec'
del _cls
