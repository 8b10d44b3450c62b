# A coroutine dropped without being awaited gives CPython's RuntimeWarning, at
# the line that dropped it; _tracemalloc imports and answers as with tracing off.
import gc
import warnings
import tracemalloc


async def f():
    return 1


with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter('always')
    f()
    c = f()
    del c
    awaited = f()
    try:
        awaited.send(None)
    except StopIteration as e:
        print('returned', e.value)
    del awaited
    gc.collect()
for w in caught:
    print(w.category.__name__, str(w.message), w.lineno)
print(tracemalloc.is_tracing(), tracemalloc.get_traced_memory(), tracemalloc.get_object_traceback(object()))
