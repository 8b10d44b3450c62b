# Final sigma in lower, title, capitalize and swapcase, with case-ignorable neighbours.
for s in ["ΣΑΣ", "ΑΣ.", "Σ", "ΑΣ'Α", "ΑΣ'", "Α.Σ", "ΑΣ\u0301", "ΟΔΟΣ ΟΔΟΣ", "AΣb", "ΣA", "A Σ", "a\u00adΣ", "1Σ", "ΑΣ1"]:
    print(s.lower(), s.title(), s.capitalize(), s.swapcase(), s.casefold())
