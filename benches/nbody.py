# Float arithmetic on lists: a small n-body simulation.
import math


def make_bodies():
    bodies = []
    for i in range(5):
        x = float(i) - 2.0
        bodies.append([[x, 0.5 * x, -0.25 * x], [0.1 * i, -0.05 * i, 0.01], 1.0 + i * 0.1])
    return bodies


def advance(bodies, dt, steps):
    pairs = [(bodies[i], bodies[j]) for i in range(len(bodies)) for j in range(i + 1, len(bodies))]
    for _ in range(steps):
        for (p1, v1, m1), (p2, v2, m2) in pairs:
            dx = p1[0] - p2[0]
            dy = p1[1] - p2[1]
            dz = p1[2] - p2[2]
            d2 = dx * dx + dy * dy + dz * dz + 0.01
            mag = dt / (d2 * math.sqrt(d2))
            b1 = m1 * mag
            b2 = m2 * mag
            v1[0] -= dx * b2
            v1[1] -= dy * b2
            v1[2] -= dz * b2
            v2[0] += dx * b1
            v2[1] += dy * b1
            v2[2] += dz * b1
        for pos, vel, _ in bodies:
            pos[0] += dt * vel[0]
            pos[1] += dt * vel[1]
            pos[2] += dt * vel[2]


bodies = make_bodies()
advance(bodies, 0.01, 120000)
print(round(bodies[0][0][0], 6))
