# property.__set_name__ names the property in its error messages; a property made
# outside a class body, or re-initialised, has no name until told one.
class C:
    def get_x(self): return 1
    x = property(get_x)
    y = property()
print(property.__set_name__)
try: C().x = 1
except AttributeError as e: print(e)
try: C().y
except AttributeError as e: print(e)
try: del C().x
except AttributeError as e: print(e)
p = property(C.get_x)
try: p.__set__(C(), 1)
except AttributeError as e: print(e)
p.__set_name__(C, 'zz')
try: p.__set__(C(), 1)
except AttributeError as e: print(e)
q = p.getter(C.get_x)
try: q.__set__(C(), 1)
except AttributeError as e: print(e)
p.__set_name__(C, 5)
try: p.__set__(C(), 1)
except AttributeError as e: print(e)
try: p.__set_name__(C)
except TypeError as e: print(e)
p.__init__(C.get_x)
try: p.__set__(C(), 1)
except AttributeError as e: print(e)
