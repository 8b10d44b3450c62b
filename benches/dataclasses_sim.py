# Dataclasses: a warehouse simulation with frozen and ordered dataclasses,
# defaults and default factories, __post_init__, replace, asdict and sorting.
import random
from dataclasses import asdict, dataclass, field, replace


@dataclass(frozen=True, order=True)
class Position:
    x: int
    y: int

    def step(self, dx, dy):
        return Position(self.x + dx, self.y + dy)

    def distance(self, other):
        return abs(self.x - other.x) + abs(self.y - other.y)


@dataclass
class Parcel:
    ident: int
    weight: float
    destination: Position
    priority: int = 0
    history: list = field(default_factory=list)


@dataclass
class Robot:
    name: str
    position: Position
    capacity: float = 50.0
    load: list = field(default_factory=list)
    travelled: int = 0
    delivered: int = 0

    def __post_init__(self):
        self.name = self.name.upper()

    @property
    def weight(self):
        return sum(p.weight for p in self.load)

    def can_take(self, parcel):
        return self.weight + parcel.weight <= self.capacity

    def move_towards(self, target):
        dx = (target.x > self.position.x) - (target.x < self.position.x)
        dy = 0 if dx else (target.y > self.position.y) - (target.y < self.position.y)
        self.position = self.position.step(dx, dy)
        self.travelled += 1


@dataclass(order=True)
class Event:
    time: int
    robot: str = field(compare=False)
    parcel: int = field(compare=False)


def simulate(seed, robots_count, parcels_count, ticks):
    rng = random.Random(seed)
    depot = Position(0, 0)
    robots = [Robot(f"r{i}", depot) for i in range(robots_count)]
    waiting = [
        Parcel(i, round(rng.uniform(1.0, 20.0), 1), Position(rng.randint(-15, 15), rng.randint(-15, 15)), rng.randint(0, 3))
        for i in range(parcels_count)
    ]
    waiting.sort(key=lambda p: (-p.priority, p.destination, p.ident))
    events = []
    for tick in range(ticks):
        for robot in robots:
            if not robot.load:
                if robot.position != depot:
                    robot.move_towards(depot)
                    continue
                while waiting and robot.can_take(waiting[0]):
                    parcel = waiting.pop(0)
                    parcel.history.append(("loaded", robot.name, tick))
                    robot.load.append(parcel)
                robot.load.sort(key=lambda p: p.destination.distance(depot))
                continue
            target = robot.load[0].destination
            if robot.position == target:
                parcel = robot.load.pop(0)
                parcel.history.append(("delivered", robot.name, tick))
                robot.delivered += 1
                events.append(Event(tick, robot.name, parcel.ident))
            else:
                robot.move_towards(target)
        if not waiting and not any(r.load for r in robots):
            break
    return robots, waiting, events


for seed in (1, 2, 3, 4, 5, 6):
    robots, waiting, events = simulate(seed, 8, 1500, 100000)
    print(seed, len(events), sum(r.travelled for r in robots))
robots, waiting, events = simulate(11, 6, 1200, 100000)
events.sort()
print(len(events), len(waiting), events[-1].time)
for robot in sorted(robots, key=lambda r: r.name):
    snapshot = asdict(replace(robot, load=[]))
    print(snapshot["name"], snapshot["travelled"], snapshot["delivered"], snapshot["position"])
print(events[0], events[-1] > events[0], Position(1, 2) < Position(1, 3))
print(sorted({Position(e.parcel % 3, e.time % 2) for e in events})[:4])
