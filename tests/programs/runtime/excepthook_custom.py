import sys
print(sys.excepthook is sys.__excepthook__, sys.excepthook.__text_signature__)
try:
    sys.excepthook(1, 2, 3)
except TypeError as e:
    print(e)
def hook(t, v, tb):
    print('hook:', t.__name__, v, tb is not None)
sys.excepthook = hook
raise ValueError('uncaught')
