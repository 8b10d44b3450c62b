from .core import describe
from . import core
def shout():
    return describe().upper() + " / " + core.VERSION
