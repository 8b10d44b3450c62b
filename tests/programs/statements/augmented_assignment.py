# Augmented assignment on names, attributes and subscripts.
n = 10
n += 5; n -= 3; n *= 2; n //= 5; n **= 2; n %= 7; n <<= 3; n >>= 1; n |= 1; n &= 0b1101; n ^= 2
print(n)
f = 7.0
f /= 2
f -= 0.5
print(f)
s = "ab"
s += "cd"
s *= 2
print(s)
class Holder:
    def __init__(self):
        self.count = 0
        self.items = []
h = Holder()
h.count += 5
h.items += [1]
h.items *= 2
print(h.count, h.items)
data = {"k": 1, "lst": [1]}
data["k"] += 10
data["lst"] += [2]
print(data)
grid = [[0, 0], [0, 0]]
grid[1][0] += 7
print(grid)
calls = []
def key():
    calls.append("key")
    return "k"
data[key()] *= 3
print(data["k"], calls)
t = (1,)
t += (2,)
print(t)
try:
    tup = ([],)
    tup[0] += [1]
except TypeError as e:
    print(type(e).__name__, e, tup)
