-c
print("start"); x = [1, 2]; print(x[5])
