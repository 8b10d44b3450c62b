# while loops: counting, searching, digit manipulation.
n = 12345
digits = []
while n:
    n, d = divmod(n, 10)
    digits.append(d)
print(digits[::-1])
a, b = 1071, 462
while b:
    a, b = b, a % b
print("gcd", a)
collatz = [27]
while collatz[-1] != 1:
    x = collatz[-1]
    collatz.append(x // 2 if x % 2 == 0 else 3 * x + 1)
print(len(collatz), max(collatz))
i = 10
while i > 0:
    i -= 3
print(i)
