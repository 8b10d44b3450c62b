import signal, os, sys
print(signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGPIPE), signal.getsignal(signal.SIGTERM))
seen = []
def handler(signum, frame):
    seen.append((signum, frame is not None and frame.f_code.co_name))
old = signal.signal(signal.SIGUSR1, handler)
print(old, signal.getsignal(signal.SIGUSR1) is handler)
def work():
    os.kill(os.getpid(), signal.SIGUSR1)
    for i in range(1000):
        pass
    return len(seen)
print(work(), seen)
signal.raise_signal(signal.SIGUSR2 if False else signal.SIGUSR1)
print(len(seen))
def raiser(signum, frame):
    raise RuntimeError('from handler %d' % signum)
signal.signal(signal.SIGUSR2, raiser)
try:
    os.kill(os.getpid(), signal.SIGUSR2)
    for i in range(100000): pass
except RuntimeError as e:
    print('caught', e)
try:
    os.kill(os.getpid(), signal.SIGINT)
    for i in range(100000): pass
except KeyboardInterrupt as e:
    print('KeyboardInterrupt', repr(e))
for bad in ((0, handler), (65, handler), (signal.SIGUSR1, 5), (signal.SIGKILL, handler)):
    try:
        signal.signal(*bad)
    except (ValueError, TypeError, OSError) as e:
        print(type(e).__name__, e)
print(signal.strsignal(signal.SIGINT), signal.strsignal(signal.SIGTERM), signal.strsignal(40))
print(sorted(signal.valid_signals())[:5], len(signal.valid_signals()))
print(signal.SIGINT, repr(signal.SIGINT), signal.Signals(15), signal.SIG_IGN, signal.NSIG)
print(signal.pthread_sigmask(signal.SIG_BLOCK, [signal.SIGUSR1]), signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGUSR1]))
print(signal.signal(signal.SIGUSR1, signal.SIG_DFL) is handler, signal.getsignal(signal.SIGUSR1))
signal.signal(signal.SIGALRM, lambda s, f: seen.append('alarm'))
signal.setitimer(signal.ITIMER_REAL, 0.01)
import time
time.sleep(0.05)
for i in range(1000): pass
print(seen[-1])
print(signal.default_int_handler.__doc__)
sys.stdout.flush()
os.kill(os.getpid(), signal.SIGINT)
for i in range(1000): pass
print('not reached')
