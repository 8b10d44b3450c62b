# if, elif and else chains.
def grade(score):
    if score >= 90:
        return "A"
    elif score >= 80:
        return "B"
    elif score >= 70:
        return "C"
    else:
        return "F"
print([grade(s) for s in (95, 85, 75, 10, 90, 80)])
for value in [0, 1, "", "x", [], [0], None]:
    if value:
        print(repr(value), "truthy")
    else:
        print(repr(value), "falsy")
x = 5
if x > 3: print("one-line if")
if x < 3:
    pass
elif x == 5:
    if x % 2:
        print("nested odd")
