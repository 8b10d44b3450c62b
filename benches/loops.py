# Nested loops over ranges with integer arithmetic and local variables.
def work(n):
    total = 0
    for i in range(n):
        for j in range(100):
            total += (i * j) % 7 - (j >> 2)
    return total


print(work(100000))
