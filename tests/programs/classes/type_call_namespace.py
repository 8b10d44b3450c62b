# type(name, bases, namespace): the namespace's order (an OrderedDict's own), a
# __dict__ the class defines, and the name's checks.
import collections

od = collections.OrderedDict([("a", 1), ("b", 2)])
od.move_to_end("a")
C = type("C", (), od)
print(list(C.__dict__.items())[:2])


class WithDictProperty:
    def get_dict(self):
        return {"a": 2}

    __dict__ = property(fget=get_dict)


print(vars(WithDictProperty()), WithDictProperty().__dict__)
for name in ("A\x00B", "A\udcdcB", b"A", "\U0001f40d"):
    try:
        print(type(name, (), {}).__name__)
    except (ValueError, UnicodeEncodeError, TypeError) as exc:
        print(type(exc).__name__, exc)
