# NameError and UnboundLocalError messages, including suggestions-free cases.
def f():
    print(value)
    value = 1
try:
    f()
except UnboundLocalError as e:
    print(type(e).__name__, e)
try:
    print(nothing_by_this_name)
except NameError as e:
    print(type(e).__name__, e)
def g():
    del local
    local = 1
try:
    g()
except UnboundLocalError as e:
    print(type(e).__name__, e)
def h():
    x = 1
    del x
    return x
try:
    h()
except UnboundLocalError as e:
    print(type(e).__name__, e)
x = 5
del x
try:
    x
except NameError as e:
    print(type(e).__name__, e)
