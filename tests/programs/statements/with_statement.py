# with: several items, as targets, and nested unpacking targets.
class Res:
    def __init__(self, name):
        self.name = name
    def __enter__(self):
        print("open", self.name)
        return (self.name, len(self.name))
    def __exit__(self, t, v, tb):
        print("close", self.name)
with Res("a") as (name, size), Res("bb") as pair:
    print(name, size, pair)
with (
    Res("x") as first,
    Res("y"),
):
    print("parenthesised", first)
holder = {}
with Res("item") as holder["slot"]:
    pass
print(holder)
try:
    with Res("fails") as r:
        raise ValueError("inside")
except ValueError as e:
    print("propagated", e)
