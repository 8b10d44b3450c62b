# _thread's locks are native types holding their state in Rust.
import _thread

l = _thread.allocate_lock()
print(type(l), _thread.LockType, repr(l).split(" at ")[0])
print(l.acquire(), l.locked(), l.acquire(False), l.acquire(blocking=False), repr(l).split(" at ")[0])
try:
    l.acquire(x=1)
except TypeError as e:
    print("TypeError:", e)
l.release()
try:
    l.release()
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    _thread.LockType()
except TypeError as e:
    print("TypeError:", e)
try:
    l.x = 1
except AttributeError as e:
    print("AttributeError:", e)
r = _thread.RLock()
print(repr(r).split(" at ")[0], r.acquire(), r.acquire(), r._is_owned())
r.release()
r.release()
try:
    r.release()
except RuntimeError as e:
    print("RuntimeError:", e)
with _thread.allocate_lock() as held:
    print("inside", held)
with _thread.RLock():
    with _thread.RLock():
        print("nested")
print(_thread.LockType.acquire.__text_signature__, _thread.RLock.__module__, hasattr(_thread, "lock"))
