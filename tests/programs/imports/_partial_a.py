import _partial_b
value = 1
