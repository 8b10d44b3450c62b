a: int = 3
