print("b starts")
import _circ_a
B_VALUE = "b value sees " + _circ_a.A_EARLY
print("b sees late?", hasattr(_circ_a, "A_LATE"))
