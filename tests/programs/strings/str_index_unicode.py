# Indexing and slicing strings with characters outside ASCII.
s = "añb€c😀d"
print(len(s), s[1], s[3], s[5], s[-2], s[2:6], s[::-1], s[::2])
print(s.find("€"), s.index("😀"), s.upper(), s.encode("utf-8"))
print([len(ch.encode("utf-8")) for ch in s])
print("😀" * 3, "x😀y".split("😀"), "€".join(["1", "2"]), s.replace("€", "EUR"))
print(sorted("€a😀b"), max("añ"), "ñ" > "n")
