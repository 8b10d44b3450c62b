# String building, splitting, joining, formatting and methods.
def run(n):
    parts = []
    for i in range(n):
        parts.append(f"item-{i}:{i * 3 % 17}")
    text = ",".join(parts)
    fields = text.split(",")
    upper = [f.upper() for f in fields if f.endswith("5")]
    total = sum(len(f) for f in fields)
    return len(fields), len(upper), total, text[:20].replace("-", "_")


print(run(1000000))
