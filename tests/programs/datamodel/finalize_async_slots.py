# __del__ fills the finaliser slot (tp_finalize) and __await__/__aiter__/__anext__
# the async slots: assigned late, deleted, inherited, and shown as slot wrappers.
import asyncio
import io
import sys


def hook(args):
    print('unraisable:', type(args.exc_value).__name__, args.exc_value,
          getattr(args.object, '__qualname__', None))


sys.unraisablehook = hook


class A:
    pass


a = A()


def late_del(self):
    print('late del of', type(self).__name__)


A.__del__ = late_del
del a


class B(A):
    pass


b = B()
del b
del A.__del__
c = B()
del c
print('no finaliser after del A.__del__')


class E:
    def __del__(self):
        raise ValueError('boom')


e = E()
del e

print(io.IOBase.__del__, io.BytesIO.__del__)


class R(io.RawIOBase):
    def close(self):
        print('closing R')
        super().close()


r = R()
del r


class MyBytes(io.BytesIO):
    pass


m = MyBytes()
d = m.__dict__
del m
print('subclass of BytesIO finalised:', d)
plain = io.BytesIO()
d = plain.__dict__
del plain
print('BytesIO itself is not:', d)

with open(__file__) as f:
    pass
print(f.closed)


class AI:
    def __init__(self):
        self.n = 0

    def __aiter__(self):
        return self

    async def __anext__(self):
        self.n += 1
        if self.n > 3:
            raise StopAsyncIteration
        return self.n


class Aw:
    def __await__(self):
        yield from []
        return 42


class LateAw:
    pass


async def main():
    async for x in AI():
        print('item', x)
    print(await Aw())
    LateAw.__await__ = Aw.__await__
    print(await LateAw())
    del LateAw.__await__
    for bad in (3, LateAw()):
        try:
            await bad
        except TypeError as e:
            print('TypeError:', e)
    try:
        async for x in 5:
            pass
    except TypeError as e:
        print('TypeError:', e)

    class Bad:
        def __aiter__(self):
            return 1

    try:
        async for x in Bad():
            pass
    except TypeError as e:
        print('TypeError:', e)

    class NotIter:
        def __await__(self):
            return 5

    try:
        await NotIter()
    except TypeError as e:
        print('TypeError:', e)


asyncio.run(main())
