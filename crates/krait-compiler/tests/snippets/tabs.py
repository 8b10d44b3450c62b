def f(x):
	if x:
		return x
	return [y for y in x]
