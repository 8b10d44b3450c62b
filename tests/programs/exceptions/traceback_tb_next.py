# A traceback's tb_next can be set to another traceback or None (as traceback
# trimming code does), never deleted, and never so that the chain loops.
def inner():
    1 / 0

def outer():
    inner()

try:
    outer()
except ZeroDivisionError as e:
    tb = e.__traceback__
    chain = []
    t = tb
    while t:
        chain.append(t.tb_frame.f_code.co_name)
        t = t.tb_next
    print(chain)
    second = tb.tb_next
    tb.tb_next = second.tb_next
    print(tb.tb_next.tb_frame.f_code.co_name)
    for value in (5, "x"):
        try:
            tb.tb_next = value
        except TypeError as err:
            print(err)
    try:
        del tb.tb_next
    except TypeError as err:
        print(err)
    try:
        tb.tb_next.tb_next = tb
    except ValueError as err:
        print(err)
    try:
        tb.tb_next = tb
    except ValueError as err:
        print(err)
    tb.tb_next = None
    print(tb.tb_next)
    import traceback
    print(len(traceback.extract_tb(tb)))
