# Float arithmetic in nested loops: the spectral norm of an infinite matrix.
import math


def entry(i, j):
    return 1.0 / ((i + j) * (i + j + 1) // 2 + i + 1)


def times(vec):
    n = len(vec)
    return [sum(entry(i, j) * vec[j] for j in range(n)) for i in range(n)]


def times_transposed(vec):
    n = len(vec)
    return [sum(entry(j, i) * vec[j] for j in range(n)) for i in range(n)]


def spectral_norm(n):
    u = [1.0] * n
    v = None
    for _ in range(10):
        v = times_transposed(times(u))
        u = times_transposed(times(v))
    vbv = sum(a * b for a, b in zip(u, v))
    vv = sum(b * b for b in v)
    return math.sqrt(vbv / vv)


print(f"{spectral_norm(230):.9f}")
