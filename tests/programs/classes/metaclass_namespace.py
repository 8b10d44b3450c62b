# A class made by a metaclass shows its namespace as __dict__, as any class does.
class Meta(type):
    pass

class A(metaclass=Meta):
    g = 1
    def f(self):
        return 2

print(sorted(k for k in A.__dict__ if not k.startswith('__')))
print('__dict__' in Meta.__dict__, '__weakref__' in Meta.__dict__)
A.h = 3
print(A.__dict__['h'], vars(A)['g'], A().f())
