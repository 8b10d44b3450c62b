# Importing a module with a syntax error reports the module's file and line.
print("importing")
import _bad_syntax
