"""Case generators and the machinery that runs, compares and shrinks them.

Each generator module has `generate(rng) -> str`, the source of one case: a
program that prints what it computes (through `show`, defined by the prelude in
harness.py) and catches its own exceptions.
"""
