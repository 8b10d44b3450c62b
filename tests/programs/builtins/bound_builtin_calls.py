# Builtins bound to their object (append = items.append) called by position,
# through the fast entry or the argument vector, with the errors of either.
items = []
append = items.append
for i in range(5): append(i)
print(items)
d = {1: 'a'}
get = d.get
print(get(1), get(2, 'z'), get(3))
s = "a,b"
split = s.split
print(split(","), split())
import struct
p = struct.Struct("<hh").pack
print(p(1, 2))
try:
    append()
except TypeError as e:
    print(e)
try:
    get()
except TypeError as e:
    print(e)
h = (5).__add__
print(h(3), h(1.5))
print(list(map(items.append, [9])), items)
new = object.__new__
print(type(new(object)))
