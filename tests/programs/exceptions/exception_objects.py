# Exceptions are objects: attributes, traceback presence, with_traceback.
try:
    raise ValueError("boom")
except ValueError as e:
    saved = e
print(saved, saved.__traceback__ is not None, type(saved.__traceback__).__name__)
print(saved.__traceback__.tb_lineno)
e2 = KeyError("k").with_traceback(None)
print(repr(e2), e2.__traceback__)
ex = Exception("note me")
ex.add_note("first note")
ex.add_note("second note")
print(ex.__notes__)
try:
    raise ex
except Exception as caught:
    print(caught is ex, caught.__notes__)
print(isinstance(KeyboardInterrupt(), Exception), isinstance(KeyboardInterrupt(), BaseException))
