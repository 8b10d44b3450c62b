# from module import * with and without __all__.
from _star_with_all import *
print(exported, _also_exported)
try:
    not_listed
except NameError as e:
    print(type(e).__name__, e)
from _star_no_all import *
print(public_name, helper())
try:
    _private_name
except NameError as e:
    print(type(e).__name__, e)
print(sorted(n for n in globals() if not n.startswith("__")))
