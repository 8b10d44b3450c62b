import select, os, selectors
r, w = os.pipe()
print(select.select([r], [w], [], 0) == ([], [w], []))
os.write(w, b'x')
print(select.select([r], [], [], 1.5) == ([r], [], []))
class F:
    def __init__(self, fd): self.fd = fd
    def fileno(self): return self.fd
fr = F(r)
res = select.select([fr], [], [])
print(res[0][0] is fr)
for args in (([-1], [], []), ([], [], [], -1), ([], [], [], 'x'), ([object()], [], []), (3, [], [])):
    try:
        select.select(*args)
    except Exception as e:
        print(type(e).__name__, e)
p = select.poll()
p.register(r)
p.register(w, select.POLLOUT)
print(sorted(p.poll(0)))
p.modify(w, select.POLLIN)
print(sorted(p.poll(10)))
p.unregister(w)
for f, a in ((p.unregister, (w,)), (p.modify, (99, 1))):
    try:
        f(*a)
    except Exception as e:
        print(type(e).__name__, e)
e = select.epoll()
print(e.closed, type(e.fileno()))
e.register(r, select.EPOLLIN)
e.register(w, select.EPOLLOUT)
print(sorted(e.poll(0)))
e.modify(w, select.EPOLLIN)
print(sorted(e.poll(timeout=0.01, maxevents=5)))
try:
    e.register(r)
except OSError as ex:
    print(type(ex).__name__, ex)
e.unregister(w)
try:
    e.poll(maxevents=0)
except ValueError as ex:
    print(ex)
e.close()
print(e.closed)
try:
    e.poll()
except ValueError as ex:
    print(ex)
with select.epoll() as e2:
    print(e2.closed)
print(e2.closed)
sel = selectors.DefaultSelector()
print(type(sel).__name__)
sel.register(r, selectors.EVENT_READ, 'data')
for key, ev in sel.select(0):
    print(key.data, ev == selectors.EVENT_READ, os.read(key.fd, 10))
print(sel.select(0.01))
sel.close()
print(select.error is OSError, select.PIPE_BUF, select.EPOLLET)
