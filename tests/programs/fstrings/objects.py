# f-strings call __format__ on objects.
class Money:
    def __init__(self, cents):
        self.cents = cents
    def __format__(self, spec):
        text = f"${self.cents // 100}.{self.cents % 100:02d}"
        return format(text, spec)
    def __str__(self):
        return "Money"
m = Money(1234)
print(f"{m}|{m:>10}|{m!s}|")
class NoFormat:
    pass
try:
    f"{NoFormat():x}"
except TypeError as e:
    print(type(e).__name__, e)
try:
    f"{42:q}"
except ValueError as e:
    print(type(e).__name__, e)
try:
    f"{'s':d}"
except ValueError as e:
    print(type(e).__name__, e)
