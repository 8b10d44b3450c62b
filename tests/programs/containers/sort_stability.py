# list.sort and sorted are stable, with key and reverse.
people = [("ann", 30), ("bob", 25), ("cid", 30), ("dee", 25), ("eve", 35)]
print(sorted(people, key=lambda p: p[1]))
print(sorted(people, key=lambda p: p[1], reverse=True))
by_name_desc = sorted(people, reverse=True)
print(by_name_desc)
words = ["banana", "Apple", "cherry", "apple", "Banana"]
words.sort(key=str.lower)
print(words)
words.sort()
print(words)
nums = [5, -3, 2, -8, 0]
nums.sort(key=abs, reverse=True)
print(nums)
print(sorted([3, 1, 2], reverse=True), sorted("cba"), sorted({3: 0, 1: 0}))
try:
    sorted([1, "a"])
except TypeError as e:
    print(type(e).__name__, e)
