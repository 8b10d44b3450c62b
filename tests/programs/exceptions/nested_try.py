# Nested try statements and re-raising.
def level(n):
    try:
        try:
            if n == 0:
                raise KeyError("inner")
            if n == 1:
                raise ValueError("middle")
            return "clean"
        except KeyError as e:
            print("inner handler", repr(e))
            raise
        finally:
            print("inner finally", n)
    except (KeyError, ValueError) as e:
        print("outer handler", type(e).__name__)
        return "handled"
    finally:
        print("outer finally", n)
for n in range(3):
    print(level(n))
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise ValueError("translated")
except ValueError as e:
    print(repr(e), repr(e.__context__))
