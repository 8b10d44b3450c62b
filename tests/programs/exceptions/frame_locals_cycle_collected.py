# A frame object that keeps its finished frame's locals can close a cycle through
# an exception held in a local: the collector finds it and frees it.
import gc
import sys


class Tracked(Exception):
    alive = 0

    def __init__(self):
        Tracked.alive += 1

    def __del__(self):
        Tracked.alive -= 1


def fail():
    try:
        raise Tracked()
    except Tracked as e:
        kept = e
        return kept


for _ in range(3):
    fail()
gc.collect()
print("alive after collect", Tracked.alive)


def keeps_frame():
    err = None
    try:
        raise Tracked()
    except Tracked as e:
        err = e
    return err


errors = [keeps_frame() for _ in range(3)]
print("held", Tracked.alive)
frame = errors[0].__traceback__.tb_frame
print(sorted(frame.f_locals))
del errors, frame
gc.collect()
print("alive after release", Tracked.alive)
print(gc.is_tracked(Tracked().__traceback__))
try:
    raise ValueError
except ValueError as v:
    print(gc.is_tracked(v.__traceback__))
