"""What every golden-data script shares: where the files go, how they are written, float32
draws, and a Python model of nnlab::Rng for data that must follow the C++ random stream.

The chapter scripts (tools/golden/NN_topic.py) import it; run them from anywhere with the Debian
python that has python3-torch: /usr/bin/python3 tools/golden/NN_topic.py
"""
import os

import numpy as np
import torch

_ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))


def out_dir(chapter):
    """tests/<chapter>/golden, created if needed."""
    path = os.path.join(_ROOT, "tests", chapter, "golden")
    os.makedirs(path, exist_ok=True)
    return path


def save(out, name, t):
    """Writes out/name.npy: floats as float32, integers as int64, scalars with shape (1)."""
    a = t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    if a.dtype.kind == "f":
        a = a.astype(np.float32)
    elif a.dtype.kind in "iu":
        a = a.astype(np.int64)
    if a.ndim == 0:
        a = a.reshape(1)
    np.save(os.path.join(out, name + ".npy"), np.ascontiguousarray(a))


def report(out):
    files = sorted(f for f in os.listdir(out) if f.endswith(".npy"))
    total = sum(os.path.getsize(os.path.join(out, f)) for f in files)
    print(f"wrote {len(files)} files, {total} bytes, to {os.path.relpath(out, _ROOT)}")


def randn(*shape, scale=1.0):
    """float32 draw, returned as a float64 tensor holding exactly the float32 values."""
    return (torch.randn(*shape, dtype=torch.float32) * scale).double()


def leaf(t):
    return t.clone().requires_grad_(True)


class NnlabRng:
    """Python model of nnlab::Rng: splitmix64 seeding, xoshiro256**, uniform() =
    (next >> 40) * 2^-24 in float32, Lemire's below(n), Fisher-Yates permutation, Marsaglia's
    polar normal. tests/common/random_test.cpp checks the C++ side against it."""
    M = (1 << 64) - 1

    def __init__(self, seed):
        self.s = []
        for _ in range(4):
            seed = (seed + 0x9e3779b97f4a7c15) & self.M
            z = seed
            z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & self.M
            z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & self.M
            self.s.append(z ^ (z >> 31))
        self.spare = None

    def next_u64(self):
        s, M = self.s, self.M
        rotl = lambda x, k: ((x << k) | (x >> (64 - k))) & M
        r = (rotl((s[1] * 5) & M, 7) * 9) & M
        t = (s[1] << 17) & M
        s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3]; s[2] ^= t
        s[3] = rotl(s[3], 45)
        return r

    def uniform(self):
        return np.float32(self.next_u64() >> 40) * np.float32(2.0 ** -24)

    def below(self, n):
        m = self.next_u64() * n
        low = m & self.M
        if low < n:
            threshold = ((1 << 64) - n) % n
            while low < threshold:
                m = self.next_u64() * n
                low = m & self.M
        return m >> 64

    def permutation(self, n):
        p = list(range(n))
        for i in range(n, 1, -1):
            j = self.below(i)
            p[i - 1], p[j] = p[j], p[i - 1]
        return p

    def normal(self):
        if self.spare is not None:
            v, self.spare = self.spare, None
            return v
        while True:
            u = (self.next_u64() >> 11) * 2.0 ** -52 - 1
            v = (self.next_u64() >> 11) * 2.0 ** -52 - 1
            s = u * u + v * v
            if 0 < s < 1:
                break
        f = np.sqrt(-2 * np.log(s) / s)
        self.spare = v * f
        return u * f
