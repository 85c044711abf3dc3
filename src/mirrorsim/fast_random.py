"""Faster random draws for the C++ standalone device, with the same distributions.

Most of the model's simulation loop used to go into random numbers: every integrate-and-fire
cell draws its background input counts (two binomial draws per 0.1 ms step) and every stimulus
generator decides whether it fires (one uniform per step). Brian2's standalone ``rand()`` takes
two outputs of ``std::mt19937`` per number (the Mersenne Twister of libstdc++, ~3 ns each), and
its binomial draw walks the inverse CDF with a division per step of the walk.

Here, in standalone mode only:

- :data:`UNIFORM` (``mirrorsim_uniform()`` in model code): a uniform double on [0, 1) with
  53 random bits, like Brian2's ``rand()``, from xoshiro256++ (Blackman & Vigna 2021; the top
  53 bits of a 64-bit output). Every
  code object that uses it has its own generator state, seeded at its first call from Brian2's
  generator (two draws, spread over the state by splitmix64). Brian2's generator is seeded from
  the run's seed before anything runs (:mod:`mirrorsim.standalone`), and code objects run in a
  fixed order, so the same seed gives the same spikes and another seed other spikes.
- :func:`binomial` draws the background's Binomial(n, p) counts per cell and step with the
  distribution of Brian2's :class:`~brian2.input.binomial.BinomialFunction` (each probability
  within 2**-32), from 32 random bits (half an output) and two comparisons.

Runtime targets (Cython, numpy) keep Brian2's own ``rand()`` and ``BinomialFunction`` code.
OpenMP is never used (:func:`mirrorsim.standalone.activate_standalone`): the generator state is
not shared between threads.
"""

from __future__ import annotations

import math

import numpy as np
from brian2 import BinomialFunction, Function
from brian2.devices.cpp_standalone.codeobject import CPPStandaloneCodeObject
from brian2.devices.cpp_standalone.device import CPPStandaloneDevice
from brian2.devices.device import get_device

UNIFORM_NAME = "_mirrorsim_uniform"  # in C++
UNIFORM_CALL_NAME = "mirrorsim_uniform"  # in model code (no leading underscore there)

_UNIFORM_CODE = """
static uint64_t _mirrorsim_rng_state[4];
static bool _mirrorsim_rng_seeded = false;
static uint32_t _mirrorsim_rng_half;  // the unused half of the last 64-bit output
static bool _mirrorsim_rng_has_half = false;

static void _mirrorsim_rng_seed()
{
    // Seeded from Brian2's generator (itself seeded from the run's seed), spread by splitmix64.
    const double two53 = 9007199254740992.0;
    uint64_t x = (uint64_t)(brian::_random_generators[0].rand() * two53);
    x ^= ((uint64_t)(brian::_random_generators[0].rand() * two53)) << 11;
    for (int k = 0; k < 4; k++)
    {
        x += 0x9e3779b97f4a7c15ULL;
        uint64_t z = x;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        _mirrorsim_rng_state[k] = z ^ (z >> 31);
    }
    _mirrorsim_rng_seeded = true;
}

static inline uint64_t _mirrorsim_rotl(const uint64_t x, const int k)
{
    return (x << k) | (x >> (64 - k));
}

// xoshiro256++ (Blackman & Vigna 2021): 64 random bits.
static inline uint64_t _mirrorsim_next()
{
    if (__builtin_expect(!_mirrorsim_rng_seeded, 0))
        _mirrorsim_rng_seed();
    uint64_t* s = _mirrorsim_rng_state;
    const uint64_t result = _mirrorsim_rotl(s[0] + s[3], 23) + s[0];
    const uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = _mirrorsim_rotl(s[3], 45);
    return result;
}

// 32 random bits: each 64-bit output serves two calls.
static inline uint32_t _mirrorsim_u32()
{
    if (_mirrorsim_rng_has_half)
    {
        _mirrorsim_rng_has_half = false;
        return _mirrorsim_rng_half;
    }
    const uint64_t r = _mirrorsim_next();
    _mirrorsim_rng_half = (uint32_t)r;
    _mirrorsim_rng_has_half = true;
    return (uint32_t)(r >> 32);
}

// A double in [0, 1) with 53 random bits, like Brian2's rand().
static inline double _mirrorsim_uniform(const int _vectorisation_idx)
{
    return (_mirrorsim_next() >> 11) * 0x1.0p-53;
}
"""

UNIFORM = Function(
    pyfunc=np.random.rand, arg_units=[], return_unit=1, stateless=False, auto_vectorise=True
)
UNIFORM.implementations.add_implementation(
    CPPStandaloneCodeObject, code={"support_code": _UNIFORM_CODE}, name=UNIFORM_NAME
)


def standalone() -> bool:
    """Whether Brian2 currently generates C++ standalone code."""
    return isinstance(get_device(), CPPStandaloneDevice)


def uniform_call() -> str:
    """The expression for a uniform draw in model code: :data:`UNIFORM` in standalone mode,
    else Brian2's ``rand()``."""
    return f"{UNIFORM_CALL_NAME}()" if standalone() else "rand()"


def uniform_namespace() -> dict:
    """What :func:`uniform_call`'s expression needs in a namespace."""
    return {UNIFORM_CALL_NAME: UNIFORM} if standalone() else {}


def binomial_pmf(n: int, p: float, tail: float = 1e-12) -> list[float]:
    """P(X = k) of Binomial(n, p) for k = 0, 1, ... until P(X > k) < ``tail`` (or k = n)."""
    q = 1.0 - p
    pmf: list[float] = []
    for k in range(n + 1):
        pmf.append(math.comb(n, k) * p**k * q ** (n - k))
        if 1.0 - math.fsum(pmf) < tail:
            break
    return pmf


def binomial_thresholds(n: int, p: float) -> list[int]:
    """round(2**32 P(X <= k)), k = 0, 1, ..., then 2**33 (ends a walk): X = the number of
    thresholds a uniform 32-bit integer is >= to."""
    pmf = binomial_pmf(n, p)
    cumulative = [math.fsum(pmf[: k + 1]) for k in range(len(pmf) - 1)]
    return [round(c * 2**32) for c in cumulative] + [2**33]


def binomial(n: int, p: float, name: str) -> BinomialFunction:
    """Binomial(n, p) draws: Brian2's ``BinomialFunction``, with a faster C++ standalone code.

    Runtime targets keep Brian2's exact inversion (``n p`` <= 5 here). C++ standalone: inversion
    of 32 random bits (half a xoshiro256++ output) against ``2**32 P(X <= k)`` rounded to
    integers (:func:`binomial_thresholds`): the same distribution, each probability within
    2**-32 (the walk stops where ``P(X > k) < 1e-12``: the last value takes that mass). Two
    comparisons without branches settle X <= 1 (all but ~0.3 % of draws at ``n p`` = 0.24).
    """
    draw = BinomialFunction(n, p, name=name)
    if n * p > 5 or n * (1 - p) <= 5 or p <= 0:
        return draw  # Brian2 approximates by a normal draw there; keep its code
    thresholds = binomial_thresholds(n, p)
    if len(thresholds) < 3:
        thresholds += [2**33] * (3 - len(thresholds))
    table = ", ".join(f"{t}ULL" for t in thresholds)
    code = f"""
static inline int32_t {name}(const int _vectorisation_idx)
{{
    // round(2^32 P(X <= k)), k = 0 .. {len(thresholds) - 2}, then 2^33
    static const uint64_t _thresholds[{len(thresholds)}] = {{{table}}};
    const uint64_t u = _mirrorsim_u32();
    int32_t X = (u >= _thresholds[0]) + (u >= _thresholds[1]);
    if (__builtin_expect(u >= _thresholds[1], 0))
        while (u >= _thresholds[X])
            X++;
    return X;
}}
"""
    draw.implementations.add_implementation(
        CPPStandaloneCodeObject,
        code={"support_code": code},
        name=name,
        dependencies={UNIFORM_NAME: UNIFORM},
    )
    return draw
