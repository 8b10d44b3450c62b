# list.count/index/remove and 'in' survive an __eq__ that empties the list.
class X:
    def __eq__(self, other):
        lst.clear()
        return NotImplemented
class L(list):
    def __eq__(self, other):
        str(other)
        return NotImplemented
lst = L([X()])
print(lst.count(lst))
lst = L([X()])
try:
    lst.remove(lst)
except ValueError as e: print(e)
lst = [X(), X()]
print(3 in lst)
lst = [X(), X()]
print(X() in lst)
