# __init_subclass__ and __set_name__.
class Plugin:
    registry = {}
    def __init_subclass__(cls, key=None, **kwargs):
        super().__init_subclass__(**kwargs)
        Plugin.registry[key or cls.__name__.lower()] = cls
class Csv(Plugin, key="csv"):
    pass
class Json(Plugin):
    pass
print({k: v.__name__ for k, v in Plugin.registry.items()})
class Field:
    def __set_name__(self, owner, name):
        print("set_name", owner.__name__, name)
        self.name = "_" + name
    def __get__(self, obj, objtype=None):
        if obj is None:
            return self
        return getattr(obj, self.name, "unset")
    def __set__(self, obj, value):
        setattr(obj, self.name, value)
class Record:
    title = Field()
    body = Field()
r = Record()
print(r.title)
r.title = "hello"
print(r.title, r._title, type(Record.body).__name__)
