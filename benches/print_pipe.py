# Many print calls: under scripts/bench stdout is a pipe, so this measures
# buffered printing (several arguments, sep and end, file=sys.stdout, flush-free).
import sys


def run(n):
    out = sys.stdout
    for i in range(n):
        kind = i % 6
        if kind == 0:
            print(i)
        elif kind == 1:
            print("line", i, i * 2, sep=" ")
        elif kind == 2:
            print(f"value={i:08d}", end=";\n")
        elif kind == 3:
            print(i, "x" * (i % 17), sep="|", file=out)
        elif kind == 4:
            print(i / 4)
        else:
            print(*range(i % 5), "end")
    out.write(f"done {n}\n")


run(300000)
