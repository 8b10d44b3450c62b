x = 0


def outer():
    y = 1

    def middle():
        z = 2

        def inner():
            nonlocal y
            y = z + x
            return y
        return inner

    class K:
        y = 5

        def m(self):
            return y
    return middle, K


def args_cell(a, b):
    def g():
        return a
    return g


def walrus(data):
    if any((found := item) > 3 for item in data):
        return found
    return [last := v for v in data], last
