# An error while executing a class body.
class Settings:
    name = "app"
    size = len(name) * undefined_factor
