import sys
print(sys.getswitchinterval())
for v in (0, -1, 'x'):
    try: sys.setswitchinterval(v)
    except Exception as e: print(type(e).__name__, e)
sys.setswitchinterval(0.01); print(sys.getswitchinterval())
sys.setswitchinterval(1e-9); print(sys.getswitchinterval())
