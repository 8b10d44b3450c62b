# The order of try, except, else and finally.
def run(action):
    log = []
    try:
        log.append("try")
        if action == "raise":
            raise ValueError
        if action == "return":
            return log + ["returned"]
    except ValueError:
        log.append("except")
    else:
        log.append("else")
    finally:
        log.append("finally")
    return log
for action in ["ok", "raise", "return"]:
    print(action, run(action))
def finally_overrides():
    try:
        return "try"
    finally:
        return "finally"
print(finally_overrides())
def finally_swallows():
    try:
        raise KeyError("lost")
    finally:
        return "swallowed"
print(finally_swallows())
def finally_sees_value():
    x = "before"
    try:
        return x
    finally:
        x = "after"
print(finally_sees_value())
