# __import__'s checks of its arguments and how a relative import finds its package:
# __package__, else __spec__.parent, else __name__ and __path__ (with an ImportWarning).
import warnings
warnings.simplefilter("always")
def attempt(*args, **kw):
    try:
        m = __import__(*args, **kw)
        print("ok", getattr(m, "__name__", m))
    except Exception as e:
        print(type(e).__name__, e)
attempt('os', globals(), level=-1)
attempt('sys', level=1)
attempt('sys', 5, level=1)
attempt('', {'__package__': 42}, {}, ['x'], 1)
attempt('', {'__package__': None, '__name__': 'json.decoder'}, {}, ['x'], 1)
attempt('', {'__name__': 'json.decoder'}, {}, ['x'], 1)
attempt('', {'__name__': 'json', '__path__': []}, {}, ['x'], 1)
attempt('', {'__name__': 'json'}, {}, ['x'], 1)
attempt('', {'__name__': 42}, {}, ['x'], 1)
attempt('', {}, {}, ['x'], 1)
class Spec:
    parent = 'json'
attempt('decoder', {'__spec__': Spec()}, {}, ['x'], 1)
attempt('decoder', {'__package__': 'json', '__spec__': Spec()}, {}, ['x'], 1)
attempt('decoder', {'__package__': 'email', '__spec__': Spec()}, {}, ['x'], 1)
Spec.parent = 7
attempt('decoder', {'__spec__': Spec()}, {}, ['x'], 1)
del Spec.parent
attempt('decoder', {'__spec__': Spec()}, {}, ['x'], 1)
attempt('decoder', {'__package__': ''}, {}, ['x'], 1)
attempt('decoder', {'__package__': 'json'}, {}, ['x'], 3)
attempt('', level=0)
attempt(42)
attempt('os', 5)
attempt('json', {'__package__': 42})
attempt('decoder', {'__package__': 'json.x.y'}, {}, ['x'], 3)
