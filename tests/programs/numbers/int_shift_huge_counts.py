# Right shifts by counts far beyond the value's bits leave its sign (0 or -1),
# for machine and big ints, by the operator and by __rshift__.
for a in (2100, -2100, 0, 1, -1, 2**100, -(2**100), 7):
    for s in (0, 1, 63, 64, 100, 101, 2**63, 2**64, 10**30):
        print(a, s, a >> s, a.__rshift__(s))
import sys
print((-5) >> 1, (-(2**70)) >> 69, (2**70) >> 70, (-(2**70)) >> 70, (-(2**70)) >> 71)
