# repr and str of floats use the shortest round-tripping form.
values = [0.1, 0.3, 1/3, 2/3, 1e15, 1e16, 1.5e16, 1e-4, 1e-5, 123e-10,
          3.14159, 100.0, 2.5e-7, 9007199254740993.0, 1e100, -1e-100, 0.0, -0.0]
for v in values:
    print(repr(v), str(v))
print(float.__repr__(1.0), 1.0.__str__())
print(1e300 * 1e10, -1e300 * 1e10)
