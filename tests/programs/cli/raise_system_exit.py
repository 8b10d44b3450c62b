# raise SystemExit directly, through nested handlers that do not catch it.
def work():
    try:
        raise SystemExit(5)
    except Exception:
        print("not reached: SystemExit is not an Exception")
    finally:
        print("finally in work")
try:
    work()
except ValueError:
    print("not reached")
