# for/while with else, break and continue.
def find(xs, target):
    for i, x in enumerate(xs):
        if x == target:
            print("found at", i)
            break
    else:
        print("not found")
find([1, 2, 3], 2)
find([1, 2, 3], 9)
find([], 1)
n = 0
while n < 3:
    n += 1
else:
    print("while finished normally", n)
while True:
    n -= 1
    if n == 1:
        break
else:
    print("not printed")
print("after break", n)
for i in range(6):
    if i % 2:
        continue
    print("even", i)
for i in range(3):
    for j in range(3):
        if j == i:
            break
        print(i, j, end="; ")
print()
for _ in []:
    pass
else:
    print("else on empty loop")
