def square(n):
    return n * n


def total(n):
    s = 0
    for i in range(n):
        s += square(i)
    return s


print(total(3))
