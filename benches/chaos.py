# Seeded random numbers and float geometry: a chaos game drawing a fractal
# (random affine maps, weighted choices) into a grid of hit counts.
import random


class Affine:
    def __init__(self, a, b, c, d, e, f, weight):
        self.a, self.b, self.c, self.d, self.e, self.f = a, b, c, d, e, f
        self.weight = weight

    def apply(self, x, y):
        return self.a * x + self.b * y + self.e, self.c * x + self.d * y + self.f


def fern():
    return [
        Affine(0.0, 0.0, 0.0, 0.16, 0.0, 0.0, 0.01),
        Affine(0.85, 0.04, -0.04, 0.85, 0.0, 1.6, 0.85),
        Affine(0.2, -0.26, 0.23, 0.22, 0.0, 1.6, 0.07),
        Affine(-0.15, 0.28, 0.26, 0.24, 0.0, 0.44, 0.07),
    ]


def sierpinski():
    corners = [(0.0, 0.0), (1.0, 0.0), (0.5, 0.866)]
    return [Affine(0.5, 0.0, 0.0, 0.5, cx / 2, cy / 2, 1 / 3) for cx, cy in corners]


def play(maps, points, size, rng):
    grid = [[0] * size for _ in range(size)]
    weights = [m.weight for m in maps]
    x, y = 0.0, 0.0
    xs, ys = [], []
    for _ in range(200):
        x, y = rng.choices(maps, weights)[0].apply(x, y)
    for _ in range(2000):
        x, y = rng.choices(maps, weights)[0].apply(x, y)
        xs.append(x)
        ys.append(y)
    left, right = min(xs), max(xs)
    bottom, top = min(ys), max(ys)
    width = (right - left) or 1.0
    height = (top - bottom) or 1.0
    chosen = rng.choices(maps, weights, k=points)
    for m in chosen:
        x, y = m.apply(x, y)
        col = int((x - left) / width * (size - 1))
        row = int((y - bottom) / height * (size - 1))
        if 0 <= col < size and 0 <= row < size:
            grid[row][col] += 1
    return grid


def summarise(name, grid):
    filled = sum(1 for row in grid for hits in row if hits)
    densest = max(max(row) for row in grid)
    rows = [sum(row) for row in grid]
    signature = sum((i + 1) * total for i, total in enumerate(rows)) % 1000003
    print(f"{name}: filled {filled} densest {densest} signature {signature}")


rng = random.Random(1234)
summarise("fern", play(fern(), 250000, 64, rng))
summarise("sierpinski", play(sierpinski(), 250000, 64, rng))
for _ in range(3):
    x, y = rng.random(), rng.uniform(-1.0, 1.0)
    print(f"{x:.6f} {y:.6f} {rng.randint(0, 10**6)} {rng.gauss(0.0, 1.0):.6f}")
