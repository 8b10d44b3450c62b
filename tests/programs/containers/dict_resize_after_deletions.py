# A dict that fills up with deleted entries is rebuilt at CPython's size (three
# times its live entries), which decides where later keys land: iteration that
# deletes and re-adds keys sees the same order, and the same error, as CPython.
for n in range(1, 12):
    d = {i: i for i in range(n)}
    try:
        for k in d:
            del d[k]
            d[k] = 1
        print(n, "ok", list(d))
    except RuntimeError as exc:
        print(n, exc, list(d))

d = {}
for i in range(40):
    d[i] = i
    if i % 3 == 0:
        del d[i]
print(list(d))

names = dict.fromkeys("abcdefgh")
for key in list(names):
    if key in "aceg":
        del names[key]
names["z"] = 0
print(list(names), len(names))
