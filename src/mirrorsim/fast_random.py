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
  within 2**-32), from 32 random bits (half an output) each. They are drawn
  :data:`BUFFER` at a time by eight xoshiro256++ generators side by side (:data:`LANES`, eight
  non-overlapping streams 2**128 outputs apart), inverted without branches: both steps run as
  vector instructions (issue 23: the background's two draws per cell and step had been the
  loop's costliest part, 26 % of it).

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


#: Draws refilled at once per buffer (:func:`binomial`): a multiple of twice the lanes.
BUFFER = 4096

LANES_NAME = "_mirrorsim_lanes_fill"  # in C++

_LANES_CODE = """
// Eight xoshiro256++ generators side by side (Blackman & Vigna 2021), one per lane, so that the
// compiler turns the update into vector instructions. Lane l starts l jumps of 2^128 outputs
// after lane 0: eight non-overlapping streams. Seeded at the first call from Brian2's generator
// (itself seeded from the run's seed), spread by splitmix64, like _mirrorsim_uniform.
static uint64_t _mirrorsim_lanes[4][8];
static bool _mirrorsim_lanes_seeded = false;

static inline uint64_t _mirrorsim_lanes_rotl(const uint64_t x, const int k)
{
    return (x << k) | (x >> (64 - k));
}

static void _mirrorsim_lanes_seed()
{
    const double two53 = 9007199254740992.0;
    uint64_t x = (uint64_t)(brian::_random_generators[0].rand() * two53);
    x ^= ((uint64_t)(brian::_random_generators[0].rand() * two53)) << 11;
    uint64_t s[4];
    for (int k = 0; k < 4; k++)
    {
        x += 0x9e3779b97f4a7c15ULL;
        uint64_t z = x;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        s[k] = z ^ (z >> 31);
    }
    static const uint64_t jump[4] = {0x180ec6d33cfd0abaULL, 0xd5a61266f0c9392cULL,
                                     0xa9582618e03fc9aaULL, 0x39abdc4529b1661cULL};
    for (int lane = 0; lane < 8; lane++)
    {
        for (int k = 0; k < 4; k++)
            _mirrorsim_lanes[k][lane] = s[k];
        // jump: the state 2^128 outputs on (the reference implementation's jump())
        uint64_t j[4] = {0, 0, 0, 0};
        for (int w = 0; w < 4; w++)
            for (int b = 0; b < 64; b++)
            {
                if (jump[w] & (1ULL << b))
                    for (int k = 0; k < 4; k++)
                        j[k] ^= s[k];
                const uint64_t t = s[1] << 17;
                s[2] ^= s[0];
                s[3] ^= s[1];
                s[1] ^= s[2];
                s[0] ^= s[3];
                s[2] ^= t;
                s[3] = _mirrorsim_lanes_rotl(s[3], 45);
            }
        for (int k = 0; k < 4; k++)
            s[k] = j[k];
    }
    _mirrorsim_lanes_seeded = true;
}

// n (a multiple of 8) 64-bit outputs: out[8 m + l] is lane l's m-th output. GCC's vector
// extension makes the eight lanes one vector (split into smaller ones where the CPU has them).
typedef uint64_t _mirrorsim_u64x8 __attribute__((vector_size(64)));

static void _mirrorsim_lanes_fill(uint64_t* __restrict out, const int n)
{
    if (__builtin_expect(!_mirrorsim_lanes_seeded, 0))
        _mirrorsim_lanes_seed();
    _mirrorsim_u64x8 s0, s1, s2, s3;
    __builtin_memcpy(&s0, _mirrorsim_lanes[0], 64);
    __builtin_memcpy(&s1, _mirrorsim_lanes[1], 64);
    __builtin_memcpy(&s2, _mirrorsim_lanes[2], 64);
    __builtin_memcpy(&s3, _mirrorsim_lanes[3], 64);
    for (int m = 0; m < n; m += 8)
    {
        const _mirrorsim_u64x8 sum = s0 + s3;
        const _mirrorsim_u64x8 result = ((sum << 23) | (sum >> 41)) + s0;
        __builtin_memcpy(out + m, &result, 64);
        const _mirrorsim_u64x8 t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = (s3 << 45) | (s3 >> 19);
    }
    __builtin_memcpy(_mirrorsim_lanes[0], &s0, 64);
    __builtin_memcpy(_mirrorsim_lanes[1], &s1, 64);
    __builtin_memcpy(_mirrorsim_lanes[2], &s2, 64);
    __builtin_memcpy(_mirrorsim_lanes[3], &s3, 64);
}
"""

LANES = Function(
    pyfunc=np.random.rand, arg_units=[], return_unit=1, stateless=False, auto_vectorise=True
)
LANES.implementations.add_implementation(
    CPPStandaloneCodeObject, code={"support_code": _LANES_CODE}, name=LANES_NAME
)


def inverted(n: int, p: float) -> bool:
    """Whether :func:`binomial` draws Binomial(n, p) by its own inversion in standalone mode
    (where Brian2 inverts too; Brian2 approximates by a normal draw where ``n p`` > 5)."""
    return not (n * p > 5 or n * (1 - p) <= 5 or p <= 0)


def binomial(n: int, p: float, name: str, cells: int | None = None) -> BinomialFunction:
    """Binomial(n, p) draws: Brian2's ``BinomialFunction``, with a faster C++ standalone code.

    Runtime targets keep Brian2's exact inversion (``n p`` <= 5 here). C++ standalone: inversion
    of 32 random bits against ``2**32 P(X <= k)`` rounded to integers
    (:func:`binomial_thresholds`): the same distribution, each probability within 2**-32 (the
    table ends where ``P(X > k) < 1e-12``: the last value takes that mass). X is the number of
    thresholds the 32 bits reach, counted without branches. The draws are made
    :data:`BUFFER` at a time, from eight xoshiro256++ generators side by side (half a 64-bit
    output per draw), so that generating and inverting run as vector instructions. Each code
    object has its own generators and each function its own buffer: the same seed gives the
    same draws.

    ``cells``: the draws are taken one per cell of a group of that size per step, and the
    returned function has a :func:`prepare` companion (``{name}_prepare()``) to call once per
    step, in the code's scalar part: it makes the step's ``cells`` draws contiguous (refilling
    the buffer where fewer are left), and the draw of cell ``i`` is then a plain read of the
    buffer, a loop the compiler vectorises. The draws come in the same order either way.
    """
    draw = BinomialFunction(n, p, name=name)
    if not inverted(n, p):
        return draw  # Brian2 approximates by a normal draw there; keep its code
    thresholds = [t for t in binomial_thresholds(n, p) if t < 2**32] or [2**33]
    table = ", ".join(f"{t}ULL" for t in thresholds)
    # draws kept: one buffer's worth, and the rest of the one before where a step took more
    capacity = BUFFER if cells is None else 2 * cells + BUFFER
    code = f"""
static int32_t _{name}_buffer[{capacity}];
static int _{name}_next = 0;  // the first draw not taken
static int _{name}_end = 0;  // after the last draw made

// BUFFER more draws after the ones made
static void _{name}_refill()
{{
    // round(2^32 P(X <= k)), k = 0 .. {len(thresholds) - 1}: X = how many of them u reaches
    static const uint64_t _thresholds[{len(thresholds)}] = {{{table}}};
    uint64_t raw[{BUFFER // 2}];
    {LANES_NAME}(raw, {BUFFER // 2});
    int32_t* __restrict out = _{name}_buffer + _{name}_end;
    for (int m = 0; m < {BUFFER // 2}; m++)
    {{
        const uint64_t high = raw[m] >> 32, low = raw[m] & 0xffffffffULL;
        int32_t x_high = 0, x_low = 0;
        for (int k = 0; k < {len(thresholds)}; k++)
        {{
            x_high += (high >= _thresholds[k]);
            x_low += (low >= _thresholds[k]);
        }}
        out[2 * m] = x_high;
        out[2 * m + 1] = x_low;
    }}
    _{name}_end += {BUFFER};
}}

// at least `wanted` draws not taken, from _next on
static void _{name}_ensure(const int wanted)
{{
    if (_{name}_end - _{name}_next >= wanted)
        return;
    const int left = _{name}_end - _{name}_next;
    for (int k = 0; k < left; k++)
        _{name}_buffer[k] = _{name}_buffer[_{name}_next + k];
    _{name}_next = 0;
    _{name}_end = left;
    while (_{name}_end - _{name}_next < wanted)
        _{name}_refill();
}}
"""
    if cells is None:
        code += f"""
static inline int32_t {name}(const int _vectorisation_idx)
{{
    _{name}_ensure(1);
    return _{name}_buffer[_{name}_next++];
}}
"""
    else:
        code += f"""
static int _{name}_base = 0;  // this step's first draw

static inline int32_t {name}_prepare()
{{
    _{name}_ensure({cells});
    _{name}_base = _{name}_next;
    _{name}_next += {cells};
    return 0;
}}

static inline int32_t {name}(const int _vectorisation_idx)
{{
    return _{name}_buffer[_{name}_base + _vectorisation_idx];
}}
"""
    draw.implementations.add_implementation(
        CPPStandaloneCodeObject,
        code={"support_code": code},
        name=name,
        dependencies={LANES_NAME: LANES},
    )
    return draw


def prepare(draw: BinomialFunction) -> Function:
    """The once-per-step companion of ``binomial(..., cells=n)``'s function (C++ standalone
    only). Declared stateless so that Brian2 puts a statement using it into the code's scalar
    part, before the loop over the cells; it returns 0."""
    name = f"{draw.name}_prepare"
    function = Function(pyfunc=lambda: 0, arg_units=[], return_unit=1, stateless=True)
    function.implementations.add_implementation(
        CPPStandaloneCodeObject,
        code={"support_code": ""},
        name=name,
        dependencies={draw.name: draw},
    )
    return function
