x = 1
print("runs?")
if x is 2:
    pass
