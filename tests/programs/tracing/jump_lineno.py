# Setting f_lineno from a trace function jumps; what CPython refuses is refused
# with its message.
import sys


def jumper(target_offset, when_offset):
    done = []

    def trace(frame, event, arg):
        if frame.f_code.co_name != 'body' or done:
            return trace
        if event == 'line' and frame.f_lineno - frame.f_code.co_firstlineno == when_offset:
            done.append(True)
            try:
                frame.f_lineno = frame.f_code.co_firstlineno + target_offset
            except ValueError as e:
                print("ValueError:", e)
        return trace
    return trace


def body(out):
    out.append(1)
    out.append(2)
    for i in range(2):
        out.append(3)
    try:
        out.append(4)
    except Exception:
        out.append(5)
    out.append(6)
    return out


for target, when in [(3, 1), (1, 2), (5, 1), (8, 1), (4, 1), (6, 2), (100, 1), (-5, 1), (9, 1)]:
    sys.settrace(jumper(target, when))
    try:
        result = body([])
    finally:
        sys.settrace(None)
    print(f"jump to +{target} at +{when}:", result)

frame = sys._getframe()
for value in (3, 'x', True):
    try:
        frame.f_lineno = value
    except ValueError as e:
        print("ValueError:", e)
try:
    del frame.f_lineno
except AttributeError as e:
    print("AttributeError:", e)
