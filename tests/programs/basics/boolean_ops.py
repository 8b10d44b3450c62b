# and/or/not short-circuit and return operands.
def t(x):
    print("t", x)
    return x
print(t(0) and t(1))
print(t(2) and t(3))
print(t(0) or t(4))
print(t(5) or t(6))
print(not t(0), not t(7))
print(1 and 2 or 3, 0 and 2 or 3, None or 0 or "last")
print((t(1) or t(2)) and t(0))
