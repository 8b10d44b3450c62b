-c
import sys; print(sys.argv)
alpha
beta gamma
