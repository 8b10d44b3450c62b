# Adding a key and popping the last item again and again leaves dummies in the
# index table: the dict must grow (rebuild) before probes run out of empty slots.
d = {}
for i in range(100000):
    d[i] = i
    d.popitem()
print(len(d), 5 in d, -1 in d)
d = {0: 0}
for i in range(1, 100000):
    d[i] = i
    d.popitem()
print(len(d), d, 12345 in d)
