# Recursion, sets and generators: every placement of N queens on a board.


def solve(n):
    solutions = []
    columns = set()
    diag_down = set()
    diag_up = set()
    placed = []

    def place(row):
        if row == n:
            solutions.append(tuple(placed))
            return
        for col in range(n):
            if col in columns or (row - col) in diag_down or (row + col) in diag_up:
                continue
            columns.add(col)
            diag_down.add(row - col)
            diag_up.add(row + col)
            placed.append(col)
            place(row + 1)
            placed.pop()
            columns.discard(col)
            diag_down.discard(row - col)
            diag_up.discard(row + col)

    place(0)
    return solutions


def permutation_queens(n):
    # The same count found by filtering permutations, as a generator.
    def permutations(items):
        if len(items) <= 1:
            yield list(items)
            return
        for i, head in enumerate(items):
            for rest in permutations(items[:i] + items[i + 1:]):
                yield [head] + rest

    count = 0
    for cols in permutations(list(range(n))):
        if len({c + i for i, c in enumerate(cols)}) == n and len({c - i for i, c in enumerate(cols)}) == n:
            count += 1
    return count


for size in (6, 8, 10, 11):
    found = solve(size)
    print(size, len(found), found[0], found[-1])
print(8, permutation_queens(8))
