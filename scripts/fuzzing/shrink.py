"""Greedy shrinking of a failing case: drop cases, lines, blocks, tokens and parts
of string literals while the failure persists.

`still_fails(text) -> bool` decides; every pass keeps a change only when it
does. Stops at a fixpoint or at the deadline (time.monotonic() seconds).
"""

import ast
import re
import time

TOKEN = re.compile(r"""
    [rRbBuUfF]{0,2}(?:'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*")   # a string literal
  | \d[\w.]*(?:[eE][+-]?\d+)?j?                                  # a number
  | \w+                                                          # a name
  | \*\*|//|<<|>>|<=|>=|==|!=|->|:=|\S                           # an operator
""", re.X)
BRACKETS = {"(": ")", "[": "]", "{": "}"}
CLAUSE = re.compile(r"(except|else|elif|finally)\b")


def indentation(line):
    return len(line) - len(line.lstrip())


class Shrinker:
    def __init__(self, still_fails, deadline):
        self.still_fails = still_fails
        self.deadline = deadline
        self.verdicts = {}

    def fails(self, text):
        if time.monotonic() > self.deadline:
            return False
        if text not in self.verdicts:
            self.verdicts[text] = self.still_fails(text)
        return self.verdicts[text]

    def drop_chunks(self, items, join):
        """Delta debugging lite: remove ever smaller runs of items."""
        size = len(items) // 2
        while size >= 1:
            start = 0
            while start < len(items):
                candidate = items[:start] + items[start + size:]
                if candidate and self.fails(join(candidate)):
                    items = candidate
                else:
                    start += size
            size //= 2
        return items

    def shrink_lines(self, text):
        lines = self.drop_chunks(text.splitlines(), lambda ls: "\n".join(ls) + "\n")
        return "\n".join(lines) + "\n"

    @staticmethod
    def block_end(lines, index):
        """Where the block headed by lines[index] ends."""
        level = indentation(lines[index])
        end = index + 1
        while end < len(lines) and (not lines[end].strip() or indentation(lines[end]) > level):
            end += 1
        return end

    def clauses_end(self, lines, index):
        """Where the statement headed by lines[index] ends, with its except/else/finally clauses."""
        level, end = indentation(lines[index]), self.block_end(lines, index)
        while end < len(lines) and indentation(lines[end]) == level and CLAUSE.match(lines[end].strip()):
            end = self.block_end(lines, end)
        return end

    def unwrap_blocks(self, text):
        """Replace a compound statement by one of its bodies (that of the header or
        of an except/else/finally clause), dedented; or drop it whole."""
        lines = text.splitlines()
        index = 0
        while index < len(lines):
            line = lines[index]
            if line.rstrip().endswith(":") and not CLAUSE.match(line.strip()) and not line.lstrip().startswith("#"):
                end = self.clauses_end(lines, index)
                candidates = [lines[:index] + lines[end:]]
                header = index
                while header < end:  # the header, then each clause
                    body_end = self.block_end(lines, header)
                    body = lines[header + 1:body_end]
                    if body:
                        shift = indentation(body[0]) - indentation(line)
                        dedented = [b[shift:] if b[:shift].isspace() else b for b in body]
                        candidates.append(lines[:index] + dedented + lines[end:])
                    header = body_end
                for candidate in candidates:
                    if self.fails("\n".join(candidate) + "\n"):
                        lines = candidate
                        break
                else:
                    index += 1
                continue
            index += 1
        return "\n".join(lines) + "\n"

    def blank_lines(self, text):
        """Replace a statement by `pass`, which keeps the blocks around it whole."""
        lines = text.splitlines()
        for number, line in enumerate(lines):
            stripped = line.strip()
            is_literal = stripped[:1] in ("'", '"') or stripped[:2] in ("b'", 'b"')  # part of a payload
            if stripped and stripped != "pass" and not stripped.endswith(":") and not is_literal:
                candidate = line[:len(line) - len(line.lstrip())] + "pass"
                if self.fails("\n".join(lines[:number] + [candidate] + lines[number + 1:]) + "\n"):
                    lines[number] = candidate
        return "\n".join(lines) + "\n"

    def tidy(self, text):
        """Collapse the runs of spaces token deletion leaves behind."""
        lines = text.splitlines()
        for number, line in enumerate(lines):
            indentation = line[:len(line) - len(line.lstrip())]
            candidate = indentation + re.sub(r" {2,}", " ", line.strip()).replace("( ", "(").replace(" )", ")")
            if candidate != line and self.fails("\n".join(lines[:number] + [candidate] + lines[number + 1:]) + "\n"):
                lines[number] = candidate
        return "\n".join(lines) + "\n"

    def shrink_tokens(self, text):
        """Delete single tokens and bracketed groups, or empty the groups."""
        lines = text.splitlines()
        for number in range(len(lines)):
            position = 0
            while True:
                line = lines[number]
                tokens = [m for m in TOKEN.finditer(line) if m.start() >= position]
                if not tokens:
                    break
                token = tokens[0]
                candidates = [line[:token.start()] + line[token.end():]]
                if token.group() in BRACKETS:
                    close = self.matching(line, token.start())
                    if close is not None:
                        candidates.insert(0, line[:token.start()] + line[close + 1:])
                        if close > token.end():
                            candidates.append(line[:token.end()] + line[close:])
                for candidate in candidates:
                    if self.fails("\n".join(lines[:number] + [candidate] + lines[number + 1:]) + "\n"):
                        lines[number] = candidate
                        break
                else:
                    position = token.end()
                if time.monotonic() > self.deadline:
                    return "\n".join(lines) + "\n"
        return "\n".join(lines) + "\n"

    @staticmethod
    def matching(line, start):
        opening, depth = line[start], 0
        for index in range(start, len(line)):
            if line[index] == opening:
                depth += 1
            elif line[index] == BRACKETS[opening]:
                depth -= 1
                if depth == 0:
                    return index
        return None

    def shrink_literals(self, text):
        """Shorten long string and bytes literals, keeping them literals."""
        lines = text.splitlines()
        for number, line in enumerate(lines):
            for match in list(TOKEN.finditer(line))[::-1]:
                try:
                    value = ast.literal_eval(match.group())
                except (ValueError, SyntaxError, MemoryError, RecursionError):
                    continue
                if not isinstance(value, (str, bytes)) or len(value) < 2:
                    continue
                prefix, suffix = lines[number][:match.start()], lines[number][match.end():]

                def join(pieces, prefix=prefix, suffix=suffix, empty=value[:0]):
                    rebuilt = prefix + repr(empty.join(pieces)) + suffix
                    return "\n".join(lines[:number] + [rebuilt] + lines[number + 1:]) + "\n"

                # Coarse pieces first: one character at a time only for short literals.
                step = max(1, len(value) // 64)
                pieces = [value[i:i + step] for i in range(0, len(value), step)]
                pieces = self.drop_chunks(pieces, join)
                lines[number] = join(pieces).splitlines()[number]
        return "\n".join(lines) + "\n"

    def shrink(self, text):
        while time.monotonic() < self.deadline:
            before = text
            for step in (self.shrink_lines, self.unwrap_blocks, self.blank_lines, self.shrink_tokens,
                         self.shrink_literals):
                text = step(text)
            if text == before:
                break
        return self.tidy(text)


def shrink_text(text, still_fails, seconds):
    return Shrinker(still_fails, time.monotonic() + seconds).shrink(text)


def shrink_list(items, still_fails, seconds):
    """The smallest sublist (greedily) for which still_fails(sublist) holds."""
    shrinker = Shrinker(lambda key: still_fails(list(key)), time.monotonic() + seconds)
    return list(shrinker.drop_chunks(tuple(items), lambda chosen: tuple(chosen)))
