import sys, types
class A: pass
class S: __slots__=('a','b')
class L(list): pass
class T(tuple): pass
class I(int): pass
class B(bytes): pass
class E(Exception): pass
class D: __slots__=('__dict__',)
class F(float): pass
for t in [object,A,S,L,T,I,B,E,D,F,int,bool,float,str,bytes,tuple,list,dict,set,range,type,Exception,OSError,KeyError, SyntaxError, AttributeError, ExceptionGroup, StopIteration]:
    print(t.__name__, t.__basicsize__, t.__itemsize__)
for o in [A(), S(), L(), T(), E(), D(), 1.0, (), (1,2), [], [1,2,3], {}, {1:2}, {'a':1}, {i:i for i in range(6)}, set(), 'abc', 'é', '\u0100', '', b'', b'ab', bytearray(), bytearray(b'abc'), 0, 1, 2**30, True, None, 3j]:
    print(type(o).__name__, o.__sizeof__(), sys.getsizeof(o))
class Bad:
    def __sizeof__(self): return -1
class Bad2:
    def __sizeof__(self): raise TypeError('x')
for args in [(Bad(),), (Bad2(),), (Bad2(), 5)]:
    try: print(sys.getsizeof(*args))
    except Exception as e: print(type(e).__name__, e)
