# "Did you mean: ...?" after an AttributeError or NameError that reaches the top
# (or sys.__excepthook__): the closest attribute of the object, or the closest
# local, global or builtin name, within CPython's edit distance.
import sys


class Substitution:
    blech = None


class Getattr:
    blech = None

    def __getattr__(self, attr):
        raise AttributeError


class Explicit:
    blech = None

    def __getattr__(self, attr):
        raise AttributeError("no", name="other", obj=None)


def report(fn):
    try:
        fn()
    except BaseException:
        sys.stdout.flush()
        sys.__excepthook__(*sys.exc_info())
        sys.stderr.flush()


report(lambda: Substitution().bluch)
report(lambda: Getattr().bluch)
report(lambda: Explicit().bluch)
report(lambda: Substitution().completely_different_name)
report(lambda: sys.pathh)
report(lambda: [].apend)
report(lambda: Substitution().BLECH)


def uses_locals():
    somevariable = 1
    return somevariabel


report(uses_locals)
report(lambda: lenn([]))
report(lambda: prnt)
global_thing = 3
report(lambda: global_thin)
report(lambda: x_y_z_w)


class Sub(AttributeError):
    pass


def raises_subclass():
    raise Sub("x", name="blec", obj=Substitution())


report(raises_subclass)
report(lambda: AttributeError.__init__)
error = AttributeError("plain")
report(lambda: (_ for _ in ()).throw(error))
Substitution().blec
