x = f"{3,}"
y = f"{a, b!r}"
