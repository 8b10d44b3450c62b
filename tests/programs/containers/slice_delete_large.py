# Deleting a slice of a large bytearray, array or list takes one pass over it,
# whatever the step.
import array
b = bytearray(range(256)) * 8000
del b[::2]
print(len(b), b[:6])
del b[len(b) - 1:10:-3]
print(len(b), b[:12], b[-4:])
del b[100:]
del b[5:5]
print(len(b), b[-3:])
a = array.array('i', range(2 * 10**6))
del a[1::2]
print(len(a), a[:4], a[-2:])
del a[::-5]
print(len(a), a[:6])
l = list(range(2 * 10**6))
del l[::3]
print(len(l), l[:5])
