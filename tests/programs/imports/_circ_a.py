print("a starts")
A_EARLY = "early"
import _circ_b
A_LATE = "late"
def from_b():
    return _circ_b.B_VALUE
print("a ends")
