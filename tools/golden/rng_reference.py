#!/usr/bin/env python3
# Writes the reference draws that tests/common/random_test.cpp checks nnlab::Rng against.
# Run: python3 tools/golden/rng_reference.py
# Independent Python model of nnlab::Rng (splitmix64 seeding, xoshiro256**, Lemire, polar).
import math
M=(1<<64)-1
class R:
    def __init__(self,seed):
        self.s=[]
        for _ in range(4):
            seed=(seed+0x9e3779b97f4a7c15)&M; z=seed
            z=((z^(z>>30))*0xbf58476d1ce4e5b9)&M; z=((z^(z>>27))*0x94d049bb133111eb)&M
            self.s.append(z^(z>>31))
        self.spare=None
    def nxt(self):
        s=self.s; rotl=lambda x,k:((x<<k)|(x>>(64-k)))&M
        r=(rotl((s[1]*5)&M,7)*9)&M; t=(s[1]<<17)&M
        s[2]^=s[0]; s[3]^=s[1]; s[1]^=s[2]; s[0]^=s[3]; s[2]^=t; s[3]=rotl(s[3],45)
        return r
    def below(self,n):
        m=self.nxt()*n; low=m&M
        if low<n:
            th=((1<<64)-n)%n
            while low<th:
                m=self.nxt()*n; low=m&M
        return m>>64
    def perm(self,n):
        p=list(range(n))
        for i in range(n,1,-1):
            j=self.below(i); p[i-1],p[j]=p[j],p[i-1]
        return p
    def normal(self):
        if self.spare is not None:
            v=self.spare; self.spare=None; return v
        while True:
            u=(self.nxt()>>11)*2**-52-1; v=(self.nxt()>>11)*2**-52-1; s=u*u+v*v
            if 0<s<1: break
        f=math.sqrt(-2*math.log(s)/s); self.spare=v*f; return u*f
print(R(7).perm(10))
r=R(1); print([round(r.normal(),6) for _ in range(4)])
