# break and continue crossing try/finally and with blocks.
class Ctx:
    def __init__(self, tag):
        self.tag = tag
    def __enter__(self):
        print("enter", self.tag)
    def __exit__(self, *exc):
        print("exit", self.tag)
for i in range(4):
    with Ctx(i):
        if i == 1:
            continue
        if i == 3:
            break
        print("body", i)
print("---")
for i in range(3):
    try:
        try:
            if i == 0:
                continue
            if i == 2:
                break
            print("inner body", i)
        finally:
            print("inner finally", i)
    finally:
        print("outer finally", i)
print("---")
def loop_return():
    for i in range(3):
        with Ctx("r" + str(i)):
            try:
                if i == 1:
                    return "returned at 1"
            finally:
                print("finally", i)
print(loop_return())
count = 0
while count < 5:
    count += 1
    try:
        if count < 4:
            continue
        break
    finally:
        print("while finally", count)
