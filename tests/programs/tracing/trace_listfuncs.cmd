-m
trace
--listfuncs
--trackcalls
_traced.py
