from . import first
from . import second
