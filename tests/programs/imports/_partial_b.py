import _partial_a
print(_partial_a.value)
