# NotImplemented in a boolean context is true, with a DeprecationWarning.
import warnings

with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    print(bool(NotImplemented), not NotImplemented)
    if NotImplemented:
        print("true")
for w in caught:
    print(w.category.__name__, w.message, w.lineno)
warnings.simplefilter("error")
try:
    bool(NotImplemented)
except DeprecationWarning as exc:
    print("raised:", exc)
