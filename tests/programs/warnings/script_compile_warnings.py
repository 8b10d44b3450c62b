# Warnings found while compiling a script print before it runs, in order.
import re
x = 1
s = "\d+"
print(x is 1, 1if x else 2, re.findall("\d", "a1b2"))
assert (x, "y")
