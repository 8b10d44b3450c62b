# send() passes values into a paused generator.
def averager():
    total = 0
    count = 0
    average = None
    while True:
        value = yield average
        total += value
        count += 1
        average = total / count
avg = averager()
print(next(avg))
print(avg.send(10), avg.send(20), avg.send(60))
def echo():
    received = yield "ready"
    while received != "stop":
        received = yield "got " + str(received)
    return "stopped"
e = echo()
print(e.send(None), e.send(1), e.send("x"))
try:
    e.send("stop")
except StopIteration as stop:
    print("return value:", stop.value)
g = averager()
try:
    g.send(5)
except TypeError as err:
    print(type(err).__name__, err)
