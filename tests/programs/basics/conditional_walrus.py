# Conditional expressions and assignment expressions.
for n in range(4):
    print("even" if n % 2 == 0 else "odd", "zero" if n == 0 else "small" if n < 2 else "big")
data = [3, 8, 1, 9]
if (m := max(data)) > 5:
    print("max", m)
print(m)
values = []
i = 0
while (i := i + 1) <= 3:
    values.append(i)
print(values, i)
print([y for x in range(5) if (y := x * x) > 3])
print(y)
print((z := 10), z + 1)
