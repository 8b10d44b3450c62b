# global declarations.
total = 0
def add(n):
    global total
    total += n
add(5)
add(7)
print(total)
def create():
    global created
    created = "made inside"
create()
print(created)
def read_only():
    return total * 2
print(read_only())
def unbound():
    print(total)
    total = 1
try:
    unbound()
except UnboundLocalError as e:
    print(type(e).__name__, e)
