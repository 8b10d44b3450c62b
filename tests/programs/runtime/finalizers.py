# __del__ runs when the last reference goes; suspended generators are closed.
class Resource:
    def __init__(self, name):
        self.name = name
        print("open", name)
    def __del__(self):
        print("close", self.name)
r = Resource("a")
r = None
print("after a")
def make():
    Resource("temp")
    print("made")
make()
def lines():
    try:
        yield 1
        yield 2
    finally:
        print("generator cleanup")
for x in lines():
    print("got", x)
    break
print("after loop")
keep = Resource("kept until exit")
print("end of program")
