# A package used by relative_pkg.py.
print("initialising", __name__)
from .core import VERSION
from . import utils
