# Annotated assignments and __annotations__.
count: int = 0
name: str
ratio: "float" = 0.5
print(__annotations__)
try:
    name
except NameError as e:
    print(type(e).__name__, e)
class Config:
    host: str = "localhost"
    port: int
    debug: bool = False
print(Config.__annotations__, Config.host, hasattr(Config, "port"))
def f():
    local: int = 5
    other: list
    return local
print(f(), f.__annotations__)
obj = Config()
obj.extra: int = 3
print(obj.extra, "extra" in Config.__annotations__)
d = {}
d["key"]: str = "value"
print(d)
