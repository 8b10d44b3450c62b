# At exit, objects kept alive only by reference cycles are finalised (CPython
# collects garbage as it shuts down): their __del__ runs and a suspended
# generator's finally block too.

class Noisy:
    def __init__(self, name):
        self.name = name

    def __del__(self):
        print("__del__", self.name)


cyclic = Noisy("in a cycle")
cyclic.me = cyclic
del cyclic

plain = Noisy("module global")


def suspended(holder):
    try:
        yield 1
    finally:
        print("generator finally, holder of", len(holder))


holder = []
gen = suspended(holder)
holder.append(gen)
next(gen)
del gen, holder

print("end of the program")
