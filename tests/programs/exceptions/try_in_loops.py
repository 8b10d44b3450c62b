# try inside loops with break, continue and finally.
results = []
for item in ["1", "x", "3", "stop", "5"]:
    try:
        if item == "stop":
            break
        results.append(int(item))
    except ValueError:
        results.append(None)
        continue
    finally:
        print("processed", item)
print(results)
i = 0
while True:
    try:
        i += 1
        if i == 3:
            continue
        if i == 5:
            break
    finally:
        print("finally", i)
print("loop done", i)
def first_even(xs):
    for x in xs:
        try:
            if x % 2 == 0:
                return x
        finally:
            print("checked", x)
print(first_even([1, 3, 4, 6]))
