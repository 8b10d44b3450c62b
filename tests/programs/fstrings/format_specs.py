# Format specs, including nested replacement fields.
pi = 3.14159265
width, precision = 10, 3
print(f"{pi:.2f}|{pi:10.4f}|{pi:<10.1f}|{pi:^10.2f}|{pi:e}")
print(f"{pi:{width}.{precision}f}|")
print(f"{'left':<{width}}|{'right':>{width}}|")
print(f"{1234567:,}|{255:#x}|{255:08b}|{-7:+d}|{0.25:.0%}")
fill = "*"
print(f"{'mid':{fill}^{width}}")
print(f"{42:{'>' if width > 5 else '<'}{width}}")
n = 5
print(f"{n:0{n}d}")
