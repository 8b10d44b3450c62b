# Default arguments, including the mutable default gotcha.
def greet(name, greeting="Hello", punct="!"):
    return f"{greeting}, {name}{punct}"
print(greet("Ann"), greet("Bob", "Hi"), greet("Cid", punct="?"))
def append_to(item, target=[]):
    target.append(item)
    return target
print(append_to(1), append_to(2), append_to(3, []), append_to(4))
def safer(item, target=None):
    if target is None:
        target = []
    target.append(item)
    return target
print(safer(1), safer(2))
counter = 10
def captured(x=counter):
    return x
counter = 20
print(captured())
print(greet.__defaults__, append_to.__defaults__)
