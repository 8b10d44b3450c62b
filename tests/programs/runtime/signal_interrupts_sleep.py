# A signal's handler runs during time.sleep; its exception ends the sleep, and a
# handler that returns lets the sleep go on to its deadline.
import signal, time
calls = []
def note(signum, frame):
    calls.append(signum)
signal.signal(signal.SIGALRM, note)
start = time.monotonic()
signal.setitimer(signal.ITIMER_REAL, 0.05)
time.sleep(0.2)
print('slept on', calls, time.monotonic() - start >= 0.2)
class Timeout(Exception):
    pass
def stop(signum, frame):
    raise Timeout(signum == signal.SIGALRM, frame.f_code.co_name)
signal.signal(signal.SIGALRM, stop)
def wait():
    signal.setitimer(signal.ITIMER_REAL, 0.05)
    time.sleep(5)
start = time.monotonic()
try:
    wait()
except Timeout as e:
    print('interrupted', e.args, time.monotonic() - start < 2)
print(signal.getitimer(signal.ITIMER_REAL))
