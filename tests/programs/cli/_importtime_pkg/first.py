from . import second
