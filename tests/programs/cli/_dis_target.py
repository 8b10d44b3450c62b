x = 1
print(x + 2)
for i in range(3):
    x += i
