-m
trace
--trace
_traced.py
