# for loops with attribute, subscript and nested targets.
class Cursor:
    pass
c = Cursor()
for c.position in range(3):
    pass
print(c.position)
slots = [None, None]
for slots[0] in "xyz":
    pass
print(slots)
d = {}
for d["last"], d["pair"] in [(1, "a"), (2, "b")]:
    pass
print(d)
for i, (a, *rest) in enumerate(["abc", "de"]):
    print(i, a, rest)
for x in range(3):
    x = x * 10
print(x)
total = 0
for n in range(5):
    if n == 2:
        continue
    total += n
print(total)
