# A finished frame's f_lasti and f_lineno (read through a traceback or a kept
# frame object) are where it ended: its return, or the instruction a RERAISE
# restored, as CPython's.
import sys
def other_except():
    try:
        1/0
    except TypeError as ex:
        pass
def in_try():
    try:
        1/0
    finally:
        pass
for f in (other_except, in_try):
    try:
        f()
    except Exception as ex:
        t = ex.__traceback__.tb_next
        print(t.tb_frame.f_lineno - f.__code__.co_firstlineno, t.tb_lineno - f.__code__.co_firstlineno, t.tb_lasti, t.tb_frame.f_lasti)
def f():
    x = 1
    return sys._getframe()
fr = f()
print(fr.f_lineno - f.__code__.co_firstlineno, fr.f_lasti)
def g():
    try:
        1/0
    except ZeroDivisionError:
        raise ValueError
try:
    g()
except ValueError as e:
    t = e.__traceback__.tb_next
    print(t.tb_lineno - g.__code__.co_firstlineno, t.tb_frame.f_lineno - g.__code__.co_firstlineno, t.tb_lasti, t.tb_frame.f_lasti)


class Compared:
    def __eq__(self, other):
        global kept
        kept = sys._getframe()
        x = 1
        return True


Compared() == Compared()
print(kept.f_lineno - Compared.__eq__.__code__.co_firstlineno)
