# Slicing: reading, negative steps, assignment and deletion.
s = list(range(10))
print(s[2:5], s[:3], s[7:], s[-3:], s[:-7], s[::2], s[1::3], s[::-1], s[8:2:-2], s[-1:-4:-1])
print(s[100:], s[-100:2], s[5:2], s[::-3])
t = "abcdefgh"
print(t[1:4], t[::-1], t[::3], t[-2:], (1, 2, 3, 4)[1:3], b"hello"[1:3])
s[2:4] = ["a", "b", "c"]
print(s)
s[::3] = [0, 0, 0, 0]
print(s)
del s[1:3]
print(s)
del s[::2]
print(s)
s[:] = []
print(s)
u = [1, 2, 3]
u[1:1] = [9, 9]
print(u)
u[len(u):] = [7]
print(u)
try:
    u[::2] = [1]
except ValueError as e:
    print(type(e).__name__, e)
print(slice(1, 5, 2), slice(3).indices(10), slice(None, None, -1).indices(4))
x = slice(2, 6)
print("0123456789"[x])
