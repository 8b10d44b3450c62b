# Plain invalid syntax: two names in a row.
print("never runs")
x = 1 2
