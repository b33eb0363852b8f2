/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/backends/common/sine_vec_body.h — sine_rows.h's loops on whole registers (sine_vec.h),
 * for the AVX-512 and AVX2 paths; the portable path keeps sine_rows_body.h.
 *
 * What makes these faster than the vectorised scalar source, none of it changing a bit:
 *  - gi_sine evaluates both polynomials and picks per lane. A register whose lanes' quadrants
 *    have one parity needs one (gi_sine_even or gi_sine_odd, the very operations gi_sine picks
 *    from), and one sign, which the integer sum applies by subtracting.
 *  - A grid row's arguments are sorted (the sorted rows): between two quadrant edges every
 *    register has the same q, so those runs test nothing per register and reduce with q given
 *    (gi_sine_reduce_by); on AVX-512 the exact sum's scaling by 2⁵⁷ is folded into them.
 *  - Each term's fixed-point value round(v·2⁵⁷) is an integer, added in 64-bit lanes. On
 *    AVX-512 one conversion (vcvtpd2qq, rounding to nearest even) makes it; AVX2 has none, so
 *    there it is gi_fix_split's two parts, kept as the shifter's bit patterns. Either way each
 *    lane adds exactly the integers the portable path adds, and integers add in any order.
 */
#include "sine_rows.h"

#define W GI_SINE_VEC_LANES

#if W == 8
typedef __mmask8 lane_mask;
#define ALL_LANES 0xff
/* Lanes whose quadrant is odd, as bits. */
#define ODD_LANES(q) ((int)_mm512_test_epi64_mask((q), _mm512_set1_epi64(1)))
/* Lanes whose quadrant's sine is negated (q's bit 1), as bits. */
#define NEG_LANES(q) ((int)_mm512_test_epi64_mask((q), _mm512_set1_epi64(2)))
#else
typedef __m256i lane_mask;
#define ALL_LANES    0xf
#define ODD_LANES(q) _mm256_movemask_pd(_mm256_castsi256_pd(_mm256_slli_epi64((q), 63)))
#define NEG_LANES(q) _mm256_movemask_pd(_mm256_castsi256_pd(_mm256_slli_epi64((q), 62)))
#endif

/* gi_sine on every lane, the same bits, with one polynomial where the lanes' quadrants have one
 * parity. Where they also share q's sign bit, the sign is left to the caller: *negate says
 * whether to flip every lane (−v rounds as v does, so the caller's integer −round(v·2⁵⁷) is the
 * term of gi_sine's own value); elsewhere *negate is 0 and the value has its sign. */
GI_SN_FN gi_sn_d sine_lanes_unsigned(gi_sn_d a, int *negate)
{
    gi_sn_d rl;
    gi_sn_l quadrant;
    const gi_sn_d rh = gi_sine_reduce(a, &rl, &quadrant);
    const int odd = ODD_LANES(quadrant), neg = NEG_LANES(quadrant);
    *negate = 0;
    if ((odd == 0 || odd == ALL_LANES) && (neg == 0 || neg == ALL_LANES)) {
        *negate = neg != 0;
        return odd ? gi_sine_odd(rh, rl) : gi_sine_even(rh, rl);
    }
    if (odd == 0)
        return gi_sine_signed(gi_sine_even(rh, rl), quadrant);
    if (odd == ALL_LANES)
        return gi_sine_signed(gi_sine_odd(rh, rl), quadrant);
    return gi_sine_pick(gi_sine_even(rh, rl), gi_sine_odd(rh, rl), quadrant);
}

GI_SN_FN gi_sn_d sine_lanes(gi_sn_d a)
{
    int negate;
    const gi_sn_d v = sine_lanes_unsigned(a, &negate);
    return negate ? -v : v;
}

/* The first n < W lanes (the rest of a row). */
GI_SN_FN lane_mask first_lanes(size_t n)
{
#if W == 8
    return (lane_mask)((1u << n) - 1u);
#else
    const __m256i idx = _mm256_set_epi64x(3, 2, 1, 0);
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x((long long)n), idx);
#endif
}

GI_SN_FN gi_sn_d load_lanes(const double *p, lane_mask m)
{
#if W == 8
    return _mm512_maskz_loadu_pd(m, p);
#else
    return _mm256_maskload_pd(p, m);
#endif
}

GI_SN_FN void store_lanes(double *p, gi_sn_d v, lane_mask m)
{
#if W == 8
    _mm512_mask_storeu_pd(p, m, v);
#else
    _mm256_maskstore_pd(p, m, v);
#endif
}

/* v with the lanes outside m set to +0, whose fixed-point value is 0. */
GI_SN_FN gi_sn_d keep_lanes(gi_sn_d v, lane_mask m)
{
#if W == 8
    return _mm512_maskz_mov_pd(m, v);
#else
    return _mm256_and_pd(v, _mm256_castsi256_pd(m));
#endif
}

/* Registers per block: on AVX-512 a lane's 64-bit sum folds into its 128-bit sum after at most
 * 32 registers (and after a row's odd one out): |round(v·2⁵⁷)| ≤ 2⁵⁷, so even 63 terms stay
 * below 2⁶³. */
#define BLOCK 32

#if W == 8

typedef struct lane_sums {
    __m512i m;      /* the block's terms */
    __m512i lo, hi; /* the lane's 128-bit sum of the blocks before */
} lane_sums;

/* The integer nearest each lane of a term already scaled by 2⁵⁷, ties to even. */
GI_SN_FN __m512i nearest_int(gi_sn_d scaled)
{
    return _mm512_cvt_roundpd_epi64(scaled, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
}

/* The block's terms += m, or −= m. */
GI_SN_FN void add_fixed(lane_sums *s, __m512i m, int negate)
{
    s->m = negate ? _mm512_sub_epi64(s->m, m) : _mm512_add_epi64(s->m, m);
}

GI_SN_FN void add_term(lane_sums *s, gi_sn_d v, int negate)
{
    /* The scaling is exact: a power of 2. */
    add_fixed(s, nearest_int(_mm512_mul_pd(v, _mm512_set1_pd(0x1p57))), negate);
}

/* (hi, lo) += m, sign-extended, in every lane. */
GI_SN_FN void end_block(lane_sums *s)
{
    const __m512i lo = _mm512_add_epi64(s->lo, s->m);
    const __mmask8 carry = _mm512_cmplt_epu64_mask(lo, s->m);
    s->hi = _mm512_add_epi64(s->hi, _mm512_srai_epi64(s->m, 63));
    s->hi = _mm512_mask_sub_epi64(s->hi, carry, s->hi, _mm512_set1_epi64(-1));
    s->lo = lo;
    s->m = _mm512_setzero_si512();
}

static void end_row(gi_fix128 *acc, lane_sums *s, int64_t terms)
{
    (void)terms;
    int64_t lo[W], hi[W];
    _mm512_storeu_si512(lo, s->lo);
    _mm512_storeu_si512(hi, s->hi);
    for (int l = 0; l < W; l++) {
        const gi_fix128 b = {(gi_u64)lo[l], hi[l]};
        gi_fix128_add(acc, b);
    }
}
#else
/* Per lane the two parts' patterns are the shifter's plus |part| ≤ 2²⁸: 2³⁴ terms stay clear
 * of 2⁶³ in the difference, far more than a row (GI_SINE_ROW_MAX) has, so blocks need no fold. */

typedef struct lane_sums {
    gi_sn_l hi, lo;
} lane_sums;

GI_SN_FN void add_term(lane_sums *s, gi_sn_d v, int negate)
{
    if (negate)
        v = -v;
    /* gi_fix_split's operations, keeping t's patterns: bits(t) = bits(shifter) + part. */
    const __m256d shifter = _mm256_set1_pd(GI_SINE_SHIFTER);
    const __m256d t1 = _mm256_fmadd_pd(v, _mm256_set1_pd(GI_FIX_HI_SCALE), shifter);
    const __m256d h = _mm256_sub_pd(t1, shifter);
    const __m256d r = _mm256_fmsub_pd(v, _mm256_set1_pd(GI_FIX_HI_SCALE), h);
    const __m256d t2 = _mm256_fmadd_pd(r, _mm256_set1_pd(GI_FIX_LO_SCALE), shifter);
    s->hi = _mm256_add_epi64(s->hi, _mm256_castpd_si256(t1));
    s->lo = _mm256_add_epi64(s->lo, _mm256_castpd_si256(t2));
}

GI_SN_FN void end_block(lane_sums *s)
{
    (void)s;
}

static void end_row(gi_fix128 *acc, lane_sums *s, int64_t terms)
{
    int64_t hi[W], lo[W];
    _mm256_storeu_si256((__m256i *)hi, s->hi);
    _mm256_storeu_si256((__m256i *)lo, s->lo);
    const double shifter = GI_SINE_SHIFTER;
    gi_u64 bias;
    memcpy(&bias, &shifter, sizeof bias);
    for (int l = 0; l < W; l++) /* wrapping unsigned arithmetic: the differences are exact */
        gi_fix128_add_parts(acc, (double)(int64_t)((gi_u64)hi[l] - (gi_u64)terms * bias),
                            (double)(int64_t)((gi_u64)lo[l] - (gi_u64)terms * bias));
}
#endif

/* The quadrant bits of x + y as gi_sine_reduce computes them in a lane (this file is compiled
 * with -ffp-contract=off and an FMA unit: fma() is one correctly rounded instruction). */
static inline gi_u64 quadrant_of(double x, double y)
{
    const double t = fma(x + y, GI_SINE_2_PI, GI_SINE_SHIFTER);
    gi_u64 b;
    memcpy(&b, &t, sizeof b);
    return b;
}

/* How a row's terms are summed: exactly (the library's), or, for bench/sine_ceiling.c's
 * ceilings, plainly or with the libm path's compensated lanes (biased by 256: Fast2Sum is
 * exact). */
enum { SUM_EXACT, SUM_PLAIN, SUM_COMPENSATED };

typedef struct row_sums {
    lane_sums exact;
    gi_sn_d s, c;
} row_sums;

GI_SN_FN void add_any(int kind, row_sums *r, gi_sn_d v, int negate)
{
    if (kind == SUM_EXACT) {
        add_term(&r->exact, v, negate);
        return;
    }
    if (negate)
        v = -v;
    if (kind == SUM_PLAIN) {
        r->s = GI_SN_ADD(r->s, v);
    } else {
        const gi_sn_d t = GI_SN_ADD(r->s, v);
        r->c = GI_SN_ADD(r->c, GI_SN_SUB(v, GI_SN_SUB(t, r->s)));
        r->s = t;
    }
}

/* Lane sums of the row's sines, the tail's lanes set to 0. */
GI_SN_FN double lanes_total(gi_sn_d v)
{
    double l[W], total = 0.0;
    GI_VEC_OP(storeu_pd)(l, v);
    for (int k = 0; k < W; k++)
        total += l[k];
    return total;
}

#if W == 8
/* The exact sum's terms on AVX-512 in a uniform run, round(gi_sine·2⁵⁷), from the header's
 * scaled forms (the multiplication by 2⁵⁷, or one operation of the cosine's, saved);
 * tests/test_sine_cpu.c compares these runs with the portable path. */
GI_SN_FN __m512i term_even_57(gi_sn_d y, gi_sn_d x57, gi_sn_d qv)
{
    return nearest_int(gi_sine_even_2p57(y, x57, qv));
}

GI_SN_FN __m512i term_odd_2(gi_sn_d y, gi_sn_d xv, gi_sn_d qv, gi_sn_d minus_2qc2)
{
    return nearest_int(GI_SN_MUL(gi_sine_odd_x2(y, xv, qv, minus_2qc2), 0x1p56));
}
#endif

/* Registers k, k + W, … below end whose lanes all have quadrant q (t's bits): one q, one
 * polynomial and one sign for the whole run, no tests. */
GI_SN_FN size_t uniform_run(int kind, row_sums *r, gi_sn_d xv, const double *restrict y, size_t k,
                            size_t end, gi_u64 q, int odd, int negate)
{
    double t;
    memcpy(&t, &q, sizeof t);
    const double qd = t - GI_SINE_SHIFTER; /* exact: gi_sine_reduce's q */
    const gi_sn_d qv = GI_VEC(qd);
    while (k + W <= end) {
        const size_t stop = end - k > BLOCK * W ? k + BLOCK * W : end;
#if W == 8
        if (kind == SUM_EXACT) {
            const gi_sn_d x57 = GI_SN_MUL(xv, 0x1p57);
            const gi_sn_d minus_2qc2 = GI_VEC(-2.0 * (qd * GI_SINE_C2)); /* exact */
            for (; k + W <= stop; k += W) {
                const gi_sn_d yv = GI_VEC_OP(loadu_pd)(y + k);
                add_fixed(&r->exact,
                          odd ? term_odd_2(yv, xv, qv, minus_2qc2) : term_even_57(yv, x57, qv),
                          negate);
            }
            end_block(&r->exact);
            continue;
        }
#endif
        for (; k + W <= stop; k += W) {
            gi_sn_d rl;
            const gi_sn_d rh =
                gi_sine_reduce_by(GI_SN_ADD(xv, GI_VEC_OP(loadu_pd)(y + k)), qv, &rl);
            add_any(kind, r, odd ? gi_sine_odd(rh, rl) : gi_sine_even(rh, rl), negate);
        }
        if (kind == SUM_EXACT)
            end_block(&r->exact);
    }
    return k;
}

/* One out-of-line loop per sum, parity and sign, so that the compiler builds each on its own
 * with its constants (inlined into one function, GCC merges their tails and tests negate in
 * the loop). */
#define UNIFORM_RUN(kind, odd, negate)                                                             \
    static __attribute__((noinline)) size_t uniform_##kind##_##odd##negate(                        \
        row_sums *r, gi_sn_d xv, const double *restrict y, size_t k, size_t end, gi_u64 q)         \
    {                                                                                              \
        return uniform_run(kind, r, xv, y, k, end, q, odd, negate);                                \
    }
#define UNIFORM_RUNS(kind)                                                                         \
    UNIFORM_RUN(kind, 0, 0)                                                                        \
    UNIFORM_RUN(kind, 0, 1)                                                                        \
    UNIFORM_RUN(kind, 1, 0)                                                                        \
    UNIFORM_RUN(kind, 1, 1)                                                                        \
    static size_t uniform_##kind(row_sums *r, gi_sn_d xv, const double *restrict y, size_t k,      \
                                 size_t end, gi_u64 q)                                             \
    {                                                                                              \
        switch (q & 3) {                                                                           \
        case 0:                                                                                    \
            return uniform_##kind##_00(r, xv, y, k, end, q);                                       \
        case 1:                                                                                    \
            return uniform_##kind##_10(r, xv, y, k, end, q);                                       \
        case 2:                                                                                    \
            return uniform_##kind##_01(r, xv, y, k, end, q);                                       \
        default:                                                                                   \
            return uniform_##kind##_11(r, xv, y, k, end, q);                                       \
        }                                                                                          \
    }
UNIFORM_RUNS(SUM_EXACT)
UNIFORM_RUNS(SUM_PLAIN)
UNIFORM_RUNS(SUM_COMPENSATED)

/* Every entry point's row. sorted: y is monotone (either way), so the quadrants of x + y are
 * too: the registers up to a quadrant's edge run uniform, the one across it is tested lane by
 * lane. Every term is gi_sine's, whichever way a register is computed. The exact sum goes to *acc;
 * the others are returned. */
GI_SN_FN double row_blocks(double x, const double *restrict y, size_t n, int sorted, int kind,
                           gi_fix128 *restrict acc)
{
    const gi_sn_d xv = GI_VEC(x);
    row_sums r;
    memset(&r, 0, sizeof r);
    r.s = GI_VEC(kind == SUM_COMPENSATED ? 256.0 : 0.0);
    const size_t whole = n / W * W;
    size_t k = 0;
    if (sorted) {
        while (k < whole) {
            /* Monotone quadrants: the registers whose last lane still has k's quadrant are a
             * prefix of the rest, nearly always all of it or most; find its end by bisection. */
            const gi_u64 q = quadrant_of(x, y[k]);
            size_t lo = k, hi = whole; /* register starts: lo's prefix holds, hi's not */
            if (quadrant_of(x, y[whole - 1]) == q)
                lo = hi;
            while (lo < hi) {
                const size_t mid = lo + (hi - lo) / W / 2 * W;
                if (quadrant_of(x, y[mid + W - 1]) == q)
                    lo = mid + W;
                else
                    hi = mid;
            }
            if (lo > k)
                k = kind == SUM_EXACT   ? uniform_SUM_EXACT(&r, xv, y, k, lo, q)
                    : kind == SUM_PLAIN ? uniform_SUM_PLAIN(&r, xv, y, k, lo, q)
                                        : uniform_SUM_COMPENSATED(&r, xv, y, k, lo, q);
            if (k < whole) { /* the register across the edge, lane by lane */
                int negate;
                const gi_sn_d v =
                    sine_lanes_unsigned(GI_SN_ADD(xv, GI_VEC_OP(loadu_pd)(y + k)), &negate);
                add_any(kind, &r, v, negate);
                k += W;
                if (kind == SUM_EXACT)
                    end_block(&r.exact);
            }
        }
    } else {
        while (k < whole) {
            const size_t stop = whole - k > BLOCK * W ? k + BLOCK * W : whole;
            for (; k < stop; k += W) {
                int negate;
                const gi_sn_d v =
                    sine_lanes_unsigned(GI_SN_ADD(xv, GI_VEC_OP(loadu_pd)(y + k)), &negate);
                add_any(kind, &r, v, negate);
            }
            if (kind == SUM_EXACT)
                end_block(&r.exact);
        }
    }
    int64_t terms = (int64_t)(whole / W);
    if (k < n) {
        const lane_mask m = first_lanes(n - k);
        add_any(kind, &r, keep_lanes(sine_lanes(GI_SN_ADD(xv, load_lanes(y + k, m))), m), 0);
        terms++;
        if (kind == SUM_EXACT)
            end_block(&r.exact);
    }
    if (kind == SUM_EXACT)
        end_row(acc, &r.exact, terms);
    if (kind == SUM_COMPENSATED)
        return lanes_total(GI_SN_SUB(r.s, 256.0)) + lanes_total(r.c);
    return lanes_total(r.s);
}

void GI_SINE_ROWS(row)(double x, const double *restrict y, size_t n, gi_fix128 *restrict acc)
{
    row_blocks(x, y, n, 0, SUM_EXACT, acc);
}

void GI_SINE_ROWS(row_sorted)(double x, const double *restrict y, size_t n, gi_fix128 *restrict acc)
{
    row_blocks(x, y, n, 1, SUM_EXACT, acc);
}

/* The benchmark's rows: its y is a grid's, sorted. */
double GI_SINE_ROWS(row_plain)(double x, const double *restrict y, size_t n)
{
    return row_blocks(x, y, n, 1, SUM_PLAIN, NULL);
}

double GI_SINE_ROWS(row_compensated)(double x, const double *restrict y, size_t n)
{
    return row_blocks(x, y, n, 1, SUM_COMPENSATED, NULL);
}

void GI_SINE_ROWS(values)(const double *restrict a, double *restrict out, size_t n)
{
    size_t k = 0;
    for (; k + W <= n; k += W)
        GI_VEC_OP(storeu_pd)(out + k, sine_lanes(GI_VEC_OP(loadu_pd)(a + k)));
    if (k < n) {
        const lane_mask m = first_lanes(n - k);
        store_lanes(out + k, sine_lanes(load_lanes(a + k, m)), m);
    }
}
