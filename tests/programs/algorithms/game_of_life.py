# Conway's game of life on a small torus.
def step(cells, width, height):
    def neighbours(x, y):
        return sum((x + dx) % width + ((y + dy) % height) * width in cells
                   for dx in (-1, 0, 1) for dy in (-1, 0, 1) if dx or dy)
    return {x + y * width for y in range(height) for x in range(width)
            if neighbours(x, y) == 3 or (neighbours(x, y) == 2 and x + y * width in cells)}
def show(cells, width, height):
    for y in range(height):
        print("".join("#" if x + y * width in cells else "." for x in range(width)))
    print()
W, H = 8, 6
glider = {1, 2 + W, 2 * W, 2 * W + 1, 2 * W + 2}
cells = glider
for generation in range(4):
    show(cells, W, H)
    cells = step(cells, W, H)
print(sorted(cells))
