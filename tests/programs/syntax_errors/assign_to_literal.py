# Assignment to a literal.
value = 3
1 = value
