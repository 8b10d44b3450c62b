# Class attributes are shared until an instance shadows them.
class Config:
    level = 1
    tags = []
    def __init__(self, name):
        self.name = name
a, b = Config("a"), Config("b")
a.level = 5
a.tags.append("shared!")
print(a.level, b.level, Config.level, b.tags)
Config.level = 9
print(a.level, b.level)
del a.level
print(a.level, sorted(vars(a)), "level" in Config.__dict__)
print(a.__dict__, type(Config.__dict__).__name__)
a.__dict__["extra"] = 1
print(a.extra)
print(Config.__name__, Config.__qualname__, Config.__module__)
