from ..utils import shout
from . import PARENT_VERSION
def leaf_info():
    return shout(), PARENT_VERSION, __name__, __package__
