# A signal arriving while the matcher backtracks: its handler runs during the match;
# an exception it raises ends the match, and a handler that returns lets the match
# finish with its usual result.
import re
import signal


class Timeout(Exception):
    pass


def give_up(signum, frame):
    raise Timeout("took too long")


signal.signal(signal.SIGALRM, give_up)
signal.setitimer(signal.ITIMER_REAL, 0.2)
try:
    re.match(r"(a+)+b", "a" * 40)
    print("finished")
except Timeout as e:
    print("interrupted:", e)
signal.setitimer(signal.ITIMER_REAL, 0)

calls = []
signal.signal(signal.SIGALRM, lambda signum, frame: calls.append(signum))
signal.setitimer(signal.ITIMER_REAL, 0.01, 0.01)
m = re.search(r"(a+)+b", "a" * 21 + "b")
n = re.search(r"(x+x+)+y", "x" * 19)
signal.setitimer(signal.ITIMER_REAL, 0)
print(m.span(), m.group(1), n, len(calls) > 0)
