-c
print(1 + 1, "from -c")
