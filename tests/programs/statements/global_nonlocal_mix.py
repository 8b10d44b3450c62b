# global and nonlocal in nested functions.
level = "module"
def outer():
    level = "outer"
    def modify_global():
        global level
        level = "changed global"
    def modify_enclosing():
        nonlocal level
        level = "changed outer"
    modify_global()
    before = level
    modify_enclosing()
    return before, level
print(outer(), level)
def counter():
    global calls
    calls = calls + 1 if "calls" in globals() else 1
for _ in range(3):
    counter()
print(calls)
