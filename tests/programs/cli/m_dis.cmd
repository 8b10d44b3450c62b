-m
dis
_dis_target.py
