def handle(tasks):
    try:
        run(tasks)
    except* ValueError as eg:
        print(eg)
    except* (TypeError, KeyError):
        pass
    else:
        return 1
    try:
        run(tasks)
    except* OSError:
        log()
    finally:
        cleanup()
