# except with tuples, bare except, and the name being cleared afterwards.
def classify(exc):
    try:
        raise exc
    except (KeyError, IndexError) as e:
        return "lookup " + type(e).__name__
    except ArithmeticError:
        return "arithmetic"
    except Exception as e:
        return "other " + type(e).__name__
for exc in [KeyError(), IndexError(), ZeroDivisionError(), OverflowError(), ValueError()]:
    print(classify(exc))
try:
    raise ValueError("v")
except:
    print("bare except")
try:
    raise ValueError("v")
except ValueError as err:
    pass
try:
    err
except NameError as e:
    print(type(e).__name__, e)
class Unrelated:
    pass
try:
    try:
        raise ValueError
    except Unrelated:
        pass
except TypeError as e:
    print(type(e).__name__, e)
