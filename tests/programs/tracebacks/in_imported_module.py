# A traceback passing through an imported module shows its file.
import _failing_helper
print("before")
_failing_helper.explode(3)
