import threading
t = threading.current_thread()
print(t.name, t is threading.main_thread(), threading.active_count(), t.daemon)
lock = threading.Lock()
with lock:
    print(lock.locked())
print(lock.locked(), lock.acquire(blocking=False), lock.acquire(blocking=False))
lock.release()
r = threading.RLock()
with r:
    with r:
        print('reentrant ok')
cond = threading.Condition()
with cond:
    cond.notify_all()
print(cond.wait_for(lambda: True, timeout=0))
ev = threading.Event()
ev.set()
print(ev.is_set(), ev.wait(0))
loc = threading.local()
loc.x = 5
print(loc.x, hasattr(threading.local(), 'x'))
sem = threading.BoundedSemaphore(2)
with sem:
    print('sem')
print(threading.get_ident() == t.ident, isinstance(threading.TIMEOUT_MAX, float))
import queue
q = queue.Queue()
q.put(1); q.put(2)
print(q.get(), q.qsize(), q.empty())
print('end')
import _thread, sys
args = _thread._ExceptHookArgs((ValueError, ValueError('boom'), None, None))
print(args.exc_type.__name__, args.thread, type(args).__name__)
sys.stderr = sys.stdout
class T:
    name = 'worker-1'
_thread._excepthook(_thread._ExceptHookArgs((KeyError, KeyError('k'), None, T())))
_thread._excepthook(_thread._ExceptHookArgs((SystemExit, SystemExit(), None, T())))
try:
    raise RuntimeError('in thread')
except RuntimeError as e:
    threading.excepthook(threading.ExceptHookArgs((RuntimeError, e, e.__traceback__, T())))
sys.stderr = sys.__stderr__
