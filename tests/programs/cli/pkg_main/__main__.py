import os, sys
print("main of", __name__, __spec__.name, os.path.basename(sys.argv[0]), sys.argv[1:])
print(__package__, os.path.basename(__file__))
