# Method calls and attribute traffic: a simulated operating-system task scheduler
# with an idle task, a worker, two handlers and two devices passing packets.

IDLE, WORKER, HANDLER_A, HANDLER_B, DEVICE_A, DEVICE_B = range(6)
KIND_DEVICE, KIND_WORK = 0, 1
BUFFER_SIZE = 4


class Packet:
    def __init__(self, link, ident, kind):
        self.link = link
        self.ident = ident
        self.kind = kind
        self.datum = 0
        self.data = [0] * BUFFER_SIZE

    def append_to(self, queue):
        self.link = None
        if queue is None:
            return self
        tail = queue
        while tail.link is not None:
            tail = tail.link
        tail.link = self
        return queue


class Task:
    def __init__(self, scheduler, ident, priority, queue, state):
        self.scheduler = scheduler
        self.ident = ident
        self.priority = priority
        self.queue = queue
        self.packet_pending = state[0]
        self.waiting = state[1]
        self.held = state[2]
        self.link = scheduler.tasks
        scheduler.tasks = self
        scheduler.table[ident] = self

    def runnable(self):
        return not self.held and (self.packet_pending or not self.waiting)

    def take_packet(self):
        packet = self.queue
        self.queue = packet.link
        self.packet_pending = self.queue is not None
        return packet

    def add_packet(self, packet, current):
        if self.queue is None:
            self.queue = packet
            self.packet_pending = True
            if self.priority > current.priority:
                return self
        else:
            self.queue = packet.append_to(self.queue)
        return current


class IdleTask(Task):
    def __init__(self, scheduler, count):
        Task.__init__(self, scheduler, IDLE, 0, None, (False, False, False))
        self.control = 1
        self.count = count

    def step(self, packet):
        self.count -= 1
        sched = self.scheduler
        if self.count == 0:
            return sched.hold_current()
        if self.control & 1 == 0:
            self.control >>= 1
            return sched.release(DEVICE_A)
        self.control = (self.control >> 1) ^ 0xD008
        return sched.release(DEVICE_B)


class WorkerTask(Task):
    def __init__(self, scheduler, queue):
        Task.__init__(self, scheduler, WORKER, 1000, queue, (True, True, False))
        self.destination = HANDLER_A
        self.count = 0

    def step(self, packet):
        sched = self.scheduler
        if packet is None:
            return sched.wait_current()
        self.destination = HANDLER_B if self.destination == HANDLER_A else HANDLER_A
        packet.ident = self.destination
        packet.datum = 0
        for i in range(BUFFER_SIZE):
            self.count += 1
            if self.count > 26:
                self.count = 1
            packet.data[i] = 64 + self.count
        return sched.queue_packet(packet)


class HandlerTask(Task):
    def __init__(self, scheduler, ident, queue):
        Task.__init__(self, scheduler, ident, 2000 + ident, queue, (True, True, False))
        self.work_in = None
        self.device_in = None

    def step(self, packet):
        sched = self.scheduler
        if packet is not None:
            if packet.kind == KIND_WORK:
                self.work_in = packet.append_to(self.work_in)
            else:
                self.device_in = packet.append_to(self.device_in)
        work = self.work_in
        if work is not None:
            index = work.datum
            if index < BUFFER_SIZE:
                device = self.device_in
                if device is not None:
                    self.device_in = device.link
                    device.datum = work.data[index]
                    work.datum = index + 1
                    return sched.queue_packet(device)
            else:
                self.work_in = work.link
                return sched.queue_packet(work)
        return sched.wait_current()


class DeviceTask(Task):
    def __init__(self, scheduler, ident):
        Task.__init__(self, scheduler, ident, 4000 + ident, None, (False, True, False))
        self.pending = None

    def step(self, packet):
        sched = self.scheduler
        if packet is None:
            if self.pending is None:
                return sched.wait_current()
            done = self.pending
            self.pending = None
            return sched.queue_packet(done)
        self.pending = packet
        sched.output.append(packet.datum)
        return sched.hold_current()


class Scheduler:
    def __init__(self):
        self.tasks = None
        self.table = [None] * 6
        self.current = None
        self.queued = 0
        self.holds = 0
        self.output = []

    def release(self, ident):
        task = self.table[ident]
        task.held = False
        if task.priority > self.current.priority:
            return task
        return self.current

    def hold_current(self):
        self.holds += 1
        self.current.held = True
        return self.current.link

    def wait_current(self):
        self.current.waiting = True
        return self.current

    def queue_packet(self, packet):
        task = self.table[packet.ident]
        self.queued += 1
        packet.link = None
        packet.ident = self.current.ident
        return task.add_packet(packet, self.current)

    def run(self):
        task = self.tasks
        while task is not None:
            if task.runnable():
                self.current = task
                packet = None
                if task.packet_pending:
                    packet = task.take_packet()
                    task.waiting = False
                else:
                    task.waiting = False
                task = task.step(packet)
                if task is None:
                    break
            else:
                task = task.link


def run_once(count):
    sched = Scheduler()
    IdleTask(sched, count)
    work = Packet(None, WORKER, KIND_WORK)
    work = Packet(work, WORKER, KIND_WORK)
    WorkerTask(sched, work)
    for ident in (HANDLER_A, HANDLER_B):
        queue = None
        for _ in range(3):
            queue = Packet(queue, DEVICE_A if ident == HANDLER_A else DEVICE_B, KIND_DEVICE)
        HandlerTask(sched, ident, queue)
    DeviceTask(sched, DEVICE_A)
    DeviceTask(sched, DEVICE_B)
    sched.run()
    return sched.queued, sched.holds, sum(sched.output) % 100003


for count in (1000, 10000, 70000):
    print(count, *run_once(count))
