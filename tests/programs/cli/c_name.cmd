-c
print(__name__, '__file__' in globals(), __doc__)
