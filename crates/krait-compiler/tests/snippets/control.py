def loops(n):
    total = 0
    for i in range(n):
        if i % 2:
            continue
        elif i > 100:
            break
        else:
            total += i
    else:
        total = -1
    while total > 10:
        total -= 3
        if total == 7:
            break
    else:
        pass
    return total


def exceptions(x):
    try:
        y = 1 / x
    except ZeroDivisionError as e:
        print(e)
        raise ValueError("bad") from e
    except (TypeError, KeyError):
        return None
    except:
        raise
    else:
        return y
    finally:
        print("done")


def withs(path):
    with open(path) as f, open(path + "x") as g:
        for line in f:
            if not line:
                return g.read()
    with lock:
        pass


def asserting(x):
    assert x, "message"
    assert x > 0
    if not (x is None):
        return x
    if x is not None and x in (1, 2) or not x:
        return 1
