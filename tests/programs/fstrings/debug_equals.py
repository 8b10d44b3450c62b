# The = specifier shows the expression text.
x = 42
name = "krait"
items = [1, 2]
print(f"{x=}")
print(f"{x = }")
print(f"{name=}")
print(f"{name=!s}")
print(f"{x * 2 + 1=}")
print(f"{x=:>6}")
print(f"{items[0]=} {len(items)=}")
print(f"{3.14159=:.2f}")
