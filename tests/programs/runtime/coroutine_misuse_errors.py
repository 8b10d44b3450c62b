# A coroutine is not an iterator: iterating it, next() on it and `yield from` it
# in a plain generator fail as in CPython; its errors name it a coroutine; an
# `async with` whose __aenter__/__aexit__ gives something not awaitable says so.
import types


async def plain():
    return 10


async def raises_stop():
    raise StopIteration


def attempt(label, action):
    try:
        result = action()
        print(label, "->", result)
    except Exception as e:
        print(label, "->", type(e).__name__, e)


coro = plain()
attempt("list", lambda: list(coro))
attempt("tuple", lambda: tuple(coro))
attempt("iter", lambda: iter(coro))
attempt("next", lambda: next(coro))


def loop():
    for x in coro:
        pass


attempt("for", loop)


def delegate():
    yield from coro


attempt("yield from", lambda: list(delegate()))
coro.close()


@types.coroutine
def legacy():
    yield from plain()


attempt("types.coroutine yield from", lambda: list(legacy()))
attempt("legacy generator", lambda: [x for x in legacy()])
attempt("stop", lambda: raises_stop().send(None))


async def reentrant():
    me.send(None)


me = reentrant()
attempt("reentrant send", lambda: me.send(None))


async def stubborn():
    try:
        await types.coroutine(lambda: (yield 1))()
    finally:
        await types.coroutine(lambda: (yield 2))()


s = stubborn()
s.send(None)
attempt("close", s.close)


class BadEnter:
    async def __aexit__(self, *exc):
        return False

    def __aenter__(self):
        return 1


class BadExit:
    async def __aenter__(self):
        return self

    def __aexit__(self, *exc):
        return 2


async def use(manager):
    async with manager():
        return "body"


for manager in (BadEnter, BadExit):
    attempt(manager.__name__, lambda: use(manager).send(None))


async def awaits_int():
    await 5


attempt("await int", lambda: awaits_int().send(None))
