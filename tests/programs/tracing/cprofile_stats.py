# cProfile over _lsprof with a deterministic timer: call counts, recursive calls,
# callers and callees, builtins and methods, subcalls and builtins switched off.
import cProfile
import io
import pstats

ticks = 0


def timer():
    global ticks
    ticks += 1
    return ticks


def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)


def work():
    out = []
    for i in range(3):
        out.append(fact(i + 2))
    out.sort()
    try:
        int('x')
    except ValueError:
        pass
    return sum(out) + len(out)


def report(profiler, *methods):
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream)
    stats.strip_dirs().sort_stats('stdname')
    for method in methods:
        getattr(stats, method)()
    for line in stream.getvalue().splitlines():
        if line.strip() and 'function calls' not in line:
            print(line.rstrip())


profiler = cProfile.Profile(timer, 1.0)
print(profiler.runcall(work))
report(profiler, 'print_stats', 'print_callers', 'print_callees')

entries = profiler.getstats()
print(type(entries[0]).__name__, entries[0].n_fields, entries[0].n_sequence_fields)
print(sorted(type(e.code).__name__ for e in entries))

quiet = cProfile.Profile(timer, 1.0, subcalls=False, builtins=False)
quiet.enable()
work()
quiet.disable()
report(quiet, 'print_stats')
print(all(e.calls is None for e in quiet.getstats()))

quiet.clear()
print(quiet.getstats())
