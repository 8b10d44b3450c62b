# A signal sent to the running thread by its identifier reaches it: the handler
# runs before pthread_kill returns, and an exception it raises comes out of the call.
import signal
import threading

calls = []


def record(signum, frame):
    calls.append(signal.Signals(signum).name)


signal.signal(signal.SIGUSR1, record)
ident = threading.get_ident()
print(ident == threading.main_thread().ident, ident == threading.current_thread().ident)
print(isinstance(threading.get_native_id(), int), threading.get_native_id() > 0)
signal.pthread_kill(ident, signal.SIGUSR1)
print(calls)


def fail(signum, frame):
    1 / 0


signal.signal(signal.SIGUSR2, fail)
try:
    signal.pthread_kill(threading.get_ident(), signal.SIGUSR2)
except ZeroDivisionError as e:
    print("raised", type(e).__name__)
else:
    print("not raised")

# Signal 0 only checks that the thread exists.
print(signal.pthread_kill(ident, 0))
try:
    signal.pthread_kill(ident, 1000)
except (OSError, ValueError) as e:
    print(type(e).__name__, e)
