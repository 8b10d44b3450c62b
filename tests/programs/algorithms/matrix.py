# Matrix operations on nested lists.
def identity(n):
    return [[int(i == j) for j in range(n)] for i in range(n)]
def multiply(a, b):
    return [[sum(x * y for x, y in zip(row, col)) for col in zip(*b)] for row in a]
def transpose(m):
    return [list(col) for col in zip(*m)]
def power(m, k):
    result = identity(len(m))
    while k:
        if k & 1:
            result = multiply(result, m)
        m = multiply(m, m)
        k >>= 1
    return result
a = [[1, 2], [3, 4]]
print(multiply(a, identity(2)) == a, multiply(a, a), transpose([[1, 2, 3], [4, 5, 6]]))
fib = power([[1, 1], [1, 0]], 90)
print(fib[0][1])
def determinant(m):
    if len(m) == 1:
        return m[0][0]
    return sum((-1) ** j * m[0][j] * determinant([row[:j] + row[j + 1:] for row in m[1:]]) for j in range(len(m)))
print(determinant([[2, 0, 1], [1, 3, 2], [1, 1, 1]]), determinant(identity(4)))
for row in power([[2, 1], [1, 1]], 5):
    print(" ".join(f"{v:4d}" for v in row))
