# A keyword argument given twice.
print(sep="a", sep="b")
