# pass, docstring-only bodies and ellipsis bodies.
def nothing():
    pass
def only_doc():
    "Just a docstring."
def ellipsis_body():
    ...
class Empty:
    pass
class DocOnly:
    """Doc."""
for fn in (nothing, only_doc, ellipsis_body):
    print(fn.__name__, fn())
print(Empty.__name__, DocOnly.__doc__)
if True:
    pass
while False:
    pass
for _ in range(2):
    pass
try:
    pass
except Exception:
    pass
print("done")
