import threading
threading._register_atexit(print, 'threading atexit ran')
print(threading.main_thread().is_alive())
