# os.fork with register_at_fork hooks, waitpid and the wait-status macros.
import os, sys
events = []
os.register_at_fork(before=lambda: events.append('before'),
                    after_in_parent=lambda: events.append('parent'),
                    after_in_child=lambda: events.append('child'))
r, w = os.pipe()
sys.stdout.flush()
pid = os.fork()
if pid == 0:
    os.close(r)
    os.write(w, repr(events).encode())
    os._exit(7)
os.close(w)
print('child saw', os.read(r, 100).decode())
child, status = os.waitpid(pid, 0)
print(child == pid, os.WIFEXITED(status), os.WEXITSTATUS(status), os.WIFSTOPPED(status), os.waitstatus_to_exitcode(status))
print('parent saw', events)
try:
    os.register_at_fork()
except TypeError as e:
    print(e)
try:
    os.register_at_fork(before=3)
except TypeError as e:
    print(e)
fd = os.open('/dev/null', os.O_RDONLY)
print(os.get_inheritable(fd), os.get_blocking(fd))
os.set_inheritable(fd, True); os.set_blocking(fd, False)
print(os.get_inheritable(fd), os.get_blocking(fd))
os.close(fd)
try:
    os.waitpid(-1, os.WNOHANG)
except ChildProcessError as e:
    print('ChildProcessError', e.errno)
