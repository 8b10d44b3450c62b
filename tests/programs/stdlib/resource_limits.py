# The resource module: limits, usage, the page size, the constants and the errors.
import os
import resource


def attempt(label, f, *args, **kwargs):
    try:
        result = f(*args, **kwargs)
    except BaseException as e:
        print(label, "->", type(e).__name__, e)
    else:
        print(label, "->", type(result).__name__)


print(resource.error is OSError)
for name in sorted(n for n in dir(resource) if n.isupper()):
    print(name, getattr(resource, name))
print([n for n in sorted(dir(resource)) if not n.startswith("_")])

# Limits come back as a pair of ints; setting the same values again is allowed.
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
print(type(soft).__name__, type(hard).__name__, soft <= hard or hard == resource.RLIM_INFINITY)
print(resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard)))
print(resource.getrlimit(resource.RLIMIT_NOFILE) == (soft, hard))
print(resource.setrlimit(resource.RLIMIT_NOFILE, [soft, hard]))
print(resource.prlimit(0, resource.RLIMIT_NOFILE) == (soft, hard))
print(resource.prlimit(os.getpid(), resource.RLIMIT_NOFILE, (soft, hard)) == (soft, hard))

# A soft limit can be lowered and raised again up to the hard one.
core_soft, core_hard = resource.getrlimit(resource.RLIMIT_CORE)
resource.setrlimit(resource.RLIMIT_CORE, (0, core_hard))
print(resource.getrlimit(resource.RLIMIT_CORE)[0])
resource.setrlimit(resource.RLIMIT_CORE, (core_soft, core_hard))
print(resource.getrlimit(resource.RLIMIT_CORE) == (core_soft, core_hard))

# Usage is a struct sequence of two floats and fourteen ints.
usage = resource.getrusage(resource.RUSAGE_SELF)
print(type(usage), type(usage).__module__, type(usage).__name__)
print(len(usage), usage.n_fields, usage.n_sequence_fields, usage.n_unnamed_fields)
print(resource.struct_rusage.__match_args__)
print([type(v).__name__ for v in usage])
print(usage.ru_utime == usage[0], usage.ru_nivcsw == usage[15], usage.ru_maxrss > 0)
print(type(resource.getrusage(resource.RUSAGE_CHILDREN)).__name__)
print(type(resource.getrusage(resource.RUSAGE_THREAD)).__name__)
made = resource.struct_rusage(range(16))
print(made)
print(made.__reduce__())
print(resource.struct_rusage.__doc__)
attempt("struct_rusage(range(3))", resource.struct_rusage, range(3))

size = resource.getpagesize()
print(type(size).__name__, size > 0, size & (size - 1) == 0)

print(resource.getrlimit.__text_signature__, resource.setrlimit.__text_signature__)
print(resource.getrusage.__text_signature__, resource.getpagesize.__text_signature__)
print(resource.prlimit.__text_signature__, resource.prlimit.__doc__)

# Errors, as CPython words them.
attempt("getrlimit(-1)", resource.getrlimit, -1)
attempt("getrlimit(16)", resource.getrlimit, 16)
attempt("getrlimit(1.5)", resource.getrlimit, 1.5)
attempt("getrlimit('x')", resource.getrlimit, "x")
attempt("getrlimit(2**40)", resource.getrlimit, 2**40)
attempt("getrlimit()", resource.getrlimit)
attempt("getrlimit(resource=1)", resource.getrlimit, resource=1)
attempt("setrlimit(7)", resource.setrlimit, 7)
attempt("setrlimit(7, 5)", resource.setrlimit, 7, 5)
attempt("setrlimit(7, (1, 2, 3))", resource.setrlimit, 7, (1, 2, 3))
attempt("setrlimit(7, (1.5, 2))", resource.setrlimit, 7, (1.5, 2))
attempt("setrlimit(7, (2**64, 2))", resource.setrlimit, 7, (2**64, 2))
attempt("setrlimit(16, (1, 2))", resource.setrlimit, 16, (1, 2))
attempt("setrlimit(NOFILE, (hard+, hard))", resource.setrlimit, resource.RLIMIT_NOFILE,
        (hard + 1 if hard != resource.RLIM_INFINITY else 2**62, hard))
attempt("getrusage(5)", resource.getrusage, 5)
attempt("getrusage(1.5)", resource.getrusage, 1.5)
attempt("getrusage()", resource.getrusage)
attempt("getpagesize(1)", resource.getpagesize, 1)
attempt("prlimit(0)", resource.prlimit, 0)
attempt("prlimit(0, 1, 2, 3)", resource.prlimit, 0, 1, 2, 3)
attempt("prlimit(0, 7, x=1)", resource.prlimit, 0, 7, x=1)
attempt("prlimit(0, 16)", resource.prlimit, 0, 16)
attempt("prlimit(0, 2**40)", resource.prlimit, 0, 2**40)
attempt("prlimit('a', 7)", resource.prlimit, "a", 7)
attempt("prlimit(0, 7, (20, 10))", resource.prlimit, 0, 7, (20, 10))
attempt("prlimit(-5, 7)", resource.prlimit, -5, 7)
