# An exception raised in a finally block while another propagates.
def cleanup_fails():
    try:
        raise ValueError("original problem")
    finally:
        [][0]
cleanup_fails()
