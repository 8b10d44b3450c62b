"""Module docstring for the introspection test."""
# __doc__ on modules, classes and functions, and __name__.
class Documented:
    """Class docstring."""
    def method(self):
        """Method docstring."""
def function():
    """Function docstring
    spanning lines."""
def no_doc():
    x = "not a docstring"
print(__doc__)
print(Documented.__doc__, Documented.method.__doc__, Documented().method.__doc__)
print(repr(function.__doc__))
print(no_doc.__doc__, __name__ == "__main__", __name__)
print(len.__doc__ is not None, int.__name__, len.__name__, type(len).__name__)
print(len.__qualname__, str.upper.__qualname__, [].append.__name__)
