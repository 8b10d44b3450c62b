# Coroutines driven by hand: a round-robin scheduler running `async def` tasks
# that await sleeps, channels and each other, plus a generator-based task set.
import heapq
from collections import deque


class Sleep:
    def __init__(self, ticks):
        self.ticks = ticks

    def __await__(self):
        yield ("sleep", self.ticks)


class Channel:
    def __init__(self):
        self.items = deque()
        self.waiting = deque()

    def put(self, scheduler, item):
        self.items.append(item)
        if self.waiting:
            scheduler.ready.append((self.waiting.popleft(), None))

    async def get(self):
        while not self.items:
            await Wait(self)
        return self.items.popleft()


class Wait:
    def __init__(self, channel):
        self.channel = channel

    def __await__(self):
        yield ("wait", self.channel)


class Scheduler:
    def __init__(self):
        self.ready = deque()
        self.sleeping = []
        self.now = 0
        self.counter = 0
        self.results = {}
        self.switches = 0

    def spawn(self, name, coro):
        self.ready.append(((name, coro), None))

    def run(self):
        while self.ready or self.sleeping:
            if not self.ready:
                self.now, _, task = heapq.heappop(self.sleeping)
                self.ready.append((task, None))
            task, value = self.ready.popleft()
            name, coro = task
            self.switches += 1
            try:
                request = coro.send(value)
            except StopIteration as stop:
                self.results[name] = stop.value
                continue
            kind, arg = request
            if kind == "sleep":
                self.counter += 1
                heapq.heappush(self.sleeping, (self.now + arg, self.counter, task))
            elif kind == "wait":
                arg.waiting.append(task)


async def compute(n):
    total = 0
    for i in range(n):
        total += i * i % 7
        if i % 50 == 0:
            await Sleep(1)
    return total


async def producer(scheduler, channel, count, step):
    for i in range(count):
        channel.put(scheduler, i * step)
        await Sleep(step)
    channel.put(scheduler, None)
    return count


async def consumer(channel):
    total = 0
    seen = 0
    while True:
        item = await channel.get()
        if item is None:
            return total, seen
        total += item
        seen += 1
        sub = await compute(item % 40)
        total += sub


def generator_task(n):
    acc = 0
    for i in range(n):
        received = yield ("sleep", i % 3)
        acc += i if received is None else received
    return acc


def run_round(size):
    scheduler = Scheduler()
    for k in range(size):
        channel = Channel()
        scheduler.spawn(f"producer{k}", producer(scheduler, channel, 60 + k, 1 + k % 4))
        scheduler.spawn(f"consumer{k}", consumer(channel))
        scheduler.spawn(f"worker{k}", compute(400 + k * 10))
        scheduler.spawn(f"gen{k}", generator_task(50 + k))
    scheduler.run()
    return scheduler


for size in (20, 100, 220):
    sched = run_round(size)
    digest = 0
    for name in sorted(sched.results):
        value = sched.results[name]
        digest = (digest * 31 + hash(value if not isinstance(value, tuple) else sum(value))) % 1000000007
    print(size, sched.now, sched.switches, len(sched.results), digest)
print(sorted(sched.results.items())[:4])
