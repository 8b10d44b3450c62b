-m
pdb
_traced.py
