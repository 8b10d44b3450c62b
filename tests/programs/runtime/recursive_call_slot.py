# A class whose __call__ is one of its own instances recurses until RecursionError.
class A(object):
    pass
A.__call__ = A()
try:
    A()()
except RecursionError as e:
    print('RecursionError', e)
