# Raising and catching in loops: custom exception classes, try with except,
# else and finally, re-raising, chaining and exceptions leaving nested calls.


class AppError(Exception):
    def __init__(self, code, detail=""):
        super().__init__(code, detail)
        self.code = code


class NotFound(AppError):
    pass


class Invalid(AppError):
    pass


def lookup(table, key):
    try:
        return table[key]
    except KeyError:
        raise NotFound(404, key) from None


def parse(text):
    try:
        return int(text)
    except ValueError as exc:
        raise Invalid(400, text) from exc


def deep(level):
    if level == 0:
        raise AppError(500)
    return deep(level - 1)


def run(n):
    table = {str(i): i for i in range(0, 100, 3)}
    counts = {"found": 0, "missing": 0, "invalid": 0, "deep": 0, "finally": 0, "other": 0}
    total = 0
    for i in range(n):
        key = str(i % 100)
        try:
            total += lookup(table, key)
            counts["found"] += 1
        except NotFound as exc:
            counts["missing"] += 1
            total += exc.code
        text = key if i % 4 else key + "x"
        try:
            value = parse(text)
        except Invalid as exc:
            counts["invalid"] += 1
            total += exc.code + (exc.__cause__ is not None)
        else:
            total += value
        finally:
            counts["finally"] += 1
        if i % 10 == 0:
            try:
                deep(20)
            except AppError as exc:
                counts["deep"] += 1
                total += exc.code
        try:
            try:
                [][i]
            except IndexError:
                raise ZeroDivisionError
        except ArithmeticError as exc:
            counts["other"] += isinstance(exc.__context__, IndexError)
        try:
            total += 1 // (i % 2)
        except ZeroDivisionError:
            total -= 1
    return total, counts


total, counts = run(100000)
print(total)
for name in sorted(counts):
    print(name, counts[name])
