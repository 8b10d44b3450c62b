# A set lookup whose __eq__ empties and refills the set: CPython restarts the
# lookup only when the table array itself was replaced, so a table remade in
# the same place is probed on, and the lookup ends.
s = set(range(10))
calls = 0


class Remaker:
    def __hash__(self):
        return 1

    def __eq__(self, other):
        global calls
        calls += 1
        if calls > 1000:
            raise SystemExit("looping")
        s.clear()
        s.update(range(10))
        return False


print(Remaker() in s, calls)

# __eq__ that grows the set: the table is replaced, the lookup restarts and
# finds the key it is asked about once the set stops changing.
t = {1, 2, 3}
grown = []


class Grower:
    def __hash__(self):
        return 2

    def __eq__(self, other):
        if not grown:
            grown.append(True)
            t.update(range(100, 200))
        return other == 2


print(Grower() in t, len(t))

# Removing the compared key during the comparison.
u = {5, 6}


class Remover:
    def __hash__(self):
        return 5

    def __eq__(self, other):
        u.discard(5)
        return True


print(Remover() in u, sorted(u))
u.add(Remover())
print(len(u))
