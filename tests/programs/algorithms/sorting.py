# Classic sorting algorithms written by hand, checked against sorted().
def insertion_sort(xs):
    xs = list(xs)
    for i in range(1, len(xs)):
        key = xs[i]
        j = i - 1
        while j >= 0 and xs[j] > key:
            xs[j + 1] = xs[j]
            j -= 1
        xs[j + 1] = key
    return xs
def merge_sort(xs):
    if len(xs) <= 1:
        return list(xs)
    mid = len(xs) // 2
    left, right = merge_sort(xs[:mid]), merge_sort(xs[mid:])
    out = []
    while left and right:
        out.append((left if left[0] <= right[0] else right).pop(0))
    return out + left + right
def quick_sort(xs):
    if len(xs) < 2:
        return xs
    pivot, *rest = xs
    return quick_sort([x for x in rest if x < pivot]) + [pivot] + quick_sort([x for x in rest if x >= pivot])
def pseudo_random(n, seed=12345):
    values = []
    for _ in range(n):
        seed = (seed * 1103515245 + 12345) % 2 ** 31
        values.append(seed % 1000)
    return values
data = pseudo_random(200)
print(data[:10])
for sort in (insertion_sort, merge_sort, quick_sort):
    result = sort(data)
    print(sort.__name__, result == sorted(data), result[:5], result[-5:])
