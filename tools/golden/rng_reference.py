#!/usr/bin/python3
"""Prints the reference draws that tests/common/random_test.cpp checks nnlab::Rng against,
from the independent Python model in nnlab_golden.py.

Run: /usr/bin/python3 tools/golden/rng_reference.py
"""
from nnlab_golden import NnlabRng

r = NnlabRng(42)
print("seed 42, raw:", [hex(r.next_u64()) for _ in range(3)], "then uniform:", r.uniform())
print("seed 7, permutation(10):", NnlabRng(7).permutation(10))
r = NnlabRng(1)
print("seed 1, normal x4:", [round(float(r.normal()), 6) for _ in range(4)])
