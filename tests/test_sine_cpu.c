/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg's sine (kernels/gi_sine.h) on the CPU: within 1 ulp of a long double reference on
 * 10⁷ arguments for each code path this CPU has (portable, AVX2, AVX-512), the same bits from
 * every path on the same inputs, and the fixed-point split and 128-bit sums it feeds.
 *
 * The reference: glibc's sinl (x87 long double, 64-bit significand, with a full-precision
 * argument reduction) is within ~2⁻⁶³ relative of sin, 2⁻¹⁰ of an ulp of the double result, so a
 * measured error ≤ 1 ulp is ≤ 1 ulp of the true sine to that margin. The C path is also the host
 * transcription of the CUDA instantiation: nvcc maps the same macros to __fma_rn, __dmul_rn,
 * __dadd_rn and __dsub_rn, which round exactly as fma, *, + and − do here.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "common/sine_rows.h"
#include "util/tiles.h"

/* 10⁷ per path; a tenth under AddressSanitizer (the asan preset's runs are 5-10× slower). */
#if defined(__SANITIZE_ADDRESS__)
#define ARGS_PER_PATH 1000000
#else
#define ARGS_PER_PATH 10000000
#endif
#define BATCH 100000

/* The reference's 128-bit integers (a GCC and Clang extension; the library has its own). */
__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;

static uint64_t next_random(uint64_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 7;
    *s ^= *s << 17;
    return *s;
}

/* Uniform in [-r, r]. */
static double uniform(uint64_t *s, double r)
{
    return ((double)(next_random(s) >> 11) * 0x1p-53 * 2.0 - 1.0) * r;
}

static int cmp_double(const void *a, const void *b)
{
    const double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Argument k of the test set: 60% the default workload's range [0, 2π], 20% |a| ≤ 64, 10% the
 * whole range, 10% within 8 ulp of a multiple of π/2 (where the reduction matters most). */
static double argument(uint64_t *s, long k)
{
    switch (k % 10) {
    case 0:
    case 1:
        return uniform(s, 64.0);
    case 2:
        return uniform(s, GI_SINE_LIMIT);
    case 3: {
        long q = (long)(next_random(s) % 667000) - 333500;
        double a = (double)((long double)q * 1.570796326794896619231321691639751442L);
        int d = (int)(next_random(s) % 17) - 8;
        for (; d > 0; d--)
            a = nextafter(a, INFINITY);
        for (; d < 0; d++)
            a = nextafter(a, -INFINITY);
        return a;
    }
    default:
        return fabs(uniform(s, 2.0 * M_PI));
    }
}

/* |v − sin(a)| in ulps of the double nearest sin(a). */
static double ulp_error(double a, double v)
{
    long double ref = sinl((long double)a);
    double r = fabs((double)ref);
    if (r == 0.0)
        return v == 0.0 ? 0.0 : INFINITY;
    double ulp = nextafter(r, INFINITY) - r;
    return (double)(fabsl((long double)v - ref) / ulp);
}

Test(sine_cpu, within_one_ulp_on_every_path, .timeout = 120)
{
    double *a = malloc(BATCH * sizeof *a), *v = malloc(BATCH * sizeof *v);
    cr_assert(a && v);
    int paths = 0;
    for (int p = 0; p < GI_SINE_PATH_COUNT; p++) {
        gi_sine_values_fn values = gi_sine_values_for((gi_sine_path)p);
        if (!values) {
            cr_log_info("path %s: not on this CPU", gi_sine_path_name((gi_sine_path)p));
            continue;
        }
        paths++;
        uint64_t seed = 0x9e3779b97f4a7c15u;
        double worst = 0.0, at = 0.0;
        for (long done = 0; done < ARGS_PER_PATH; done += BATCH) {
            for (long k = 0; k < BATCH; k++)
                a[k] = argument(&seed, k);
            values(a, v, BATCH);
            for (long k = 0; k < BATCH; k++) {
                double e = ulp_error(a[k], v[k]);
                if (e > worst) {
                    worst = e;
                    at = a[k];
                }
            }
        }
        cr_log_info("path %s: %d arguments, worst %.4f ulp at %.17g",
                    gi_sine_path_name((gi_sine_path)p), ARGS_PER_PATH, worst, at);
        cr_assert_leq(worst, 1.0, "path %s: %.4f ulp at a = %.17g",
                      gi_sine_path_name((gi_sine_path)p), worst, at);
    }
    cr_assert_geq(paths, 1, "the portable path always runs");
    free(a);
    free(v);
}

Test(sine_cpu, exact_where_sin_is)
{
    gi_sine_values_fn values = gi_sine_values_for(GI_SINE_PATH_PORTABLE);
    const double a[4] = {0.0, -0.0, 0x1p-30, -0x1p-30};
    double v[4];
    values(a, v, 4);
    cr_assert_eq(v[0], 0.0);
    cr_assert_eq(v[1], 0.0);     /* +0 or −0: the sign of a zero sine is not kept (gi_sine.h) */
    cr_assert_eq(v[2], 0x1p-30); /* sin a = a to double precision */
    cr_assert_eq(v[3], -0x1p-30);
}

/* Every path this CPU has, forced on the same inputs: plain sines and row sums, bit for bit. */
Test(sine_cpu, every_path_gives_the_same_bits)
{
    enum { N = 200000 };
    double *a = malloc(N * sizeof *a), *ref = malloc(N * sizeof *ref), *v = malloc(N * sizeof *v);
    cr_assert(a && ref && v);
    uint64_t seed = 12345;
    for (long k = 0; k < N; k++)
        a[k] = argument(&seed, k);
    gi_sine_values_for(GI_SINE_PATH_PORTABLE)(a, ref, N);
    gi_fix128 ref_sum = {0, 0};
    gi_sine_row_for(GI_SINE_PATH_PORTABLE)(0.25, a, 4093, &ref_sum);
    int compared = 0;
    for (int p = GI_SINE_PATH_PORTABLE + 1; p < GI_SINE_PATH_COUNT; p++) {
        gi_sine_values_fn values = gi_sine_values_for((gi_sine_path)p);
        if (!values)
            continue;
        compared++;
        values(a, v, N);
        for (long k = 0; k < N; k++)
            cr_assert(memcmp(&v[k], &ref[k], sizeof v[k]) == 0,
                      "path %s vs portable at a = %.17g: %a vs %a",
                      gi_sine_path_name((gi_sine_path)p), a[k], v[k], ref[k]);
        gi_fix128 sum = {0, 0};
        gi_sine_row_for((gi_sine_path)p)(0.25, a, 4093, &sum);
        cr_assert(sum.lo == ref_sum.lo && sum.hi == ref_sum.hi, "path %s: row sum differs",
                  gi_sine_path_name((gi_sine_path)p));
    }
    cr_log_info("compared %d vector path(s) with the portable one", compared);
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        cr_assert_geq(compared, 1, "this CPU has AVX2: that path must have been compared");
#endif
    free(a);
    free(ref);
    free(v);
}

/* Consecutive arguments, as a row of the grid gives them: the vector paths' registers then hold
 * quadrants of one parity and evaluate one polynomial (sine_vec_body.h), the bits must not
 * change. Steps from fine to coarse, so registers that straddle a quadrant's edge occur too;
 * near 10⁶ too, where q·C3 is largest and a slip in the reduction's last term shows. */
Test(sine_cpu, consecutive_arguments_give_the_same_bits)
{
    enum { N = 100003 };
    double *a = malloc(N * sizeof *a), *ref = malloc(N * sizeof *ref), *v = malloc(N * sizeof *v);
    cr_assert(a && ref && v);
    const struct {
        double base, step;
    } runs[] = {{-40.0, 1e-4},     {-40.0, 3.1e-3},    {-40.0, 0.2},       {-40.0, 0.7},
                {1048000.0, 1e-4}, {-1047000.0, 3e-4}, {1040000.0, 3.1e-3}};
    long vectors = 0;
    for (size_t st = 0; st < sizeof runs / sizeof runs[0]; st++) {
        for (long k = 0; k < N; k++)
            a[k] = runs[st].base + (double)k * runs[st].step;
        gi_sine_values_for(GI_SINE_PATH_PORTABLE)(a, ref, N);
        for (int p = GI_SINE_PATH_PORTABLE + 1; p < GI_SINE_PATH_COUNT; p++) {
            gi_sine_values_fn values = gi_sine_values_for((gi_sine_path)p);
            if (!values)
                continue;
            vectors++;
            values(a, v, N);
            for (long k = 0; k < N; k++)
                cr_assert(memcmp(&v[k], &ref[k], sizeof v[k]) == 0,
                          "path %s, step %g, a = %.17g: %a vs %a",
                          gi_sine_path_name((gi_sine_path)p), runs[st].step, a[k], v[k], ref[k]);
            gi_fix128 sum = {0, 0}, sorted = {0, 0}, ref_sum = {0, 0};
            gi_sine_row_for((gi_sine_path)p)(0.5, a, N, &sum);
            gi_sine_row_sorted_for((gi_sine_path)p)(0.5, a, N, &sorted);
            gi_sine_row_for(GI_SINE_PATH_PORTABLE)(0.5, a, N, &ref_sum);
            cr_assert(sum.lo == ref_sum.lo && sum.hi == ref_sum.hi, "path %s, step %g: row sum",
                      gi_sine_path_name((gi_sine_path)p), runs[st].step);
            cr_assert(sorted.lo == ref_sum.lo && sorted.hi == ref_sum.hi,
                      "path %s, step %g: sorted row sum", gi_sine_path_name((gi_sine_path)p),
                      runs[st].step);
            /* Decreasing arguments: a grid with hy < 0. */
            gi_fix128 down = {0, 0}, down_ref = {0, 0};
            for (long k = 0; k < N / 2; k++) {
                const double t = a[k];
                a[k] = a[N - 1 - k];
                a[N - 1 - k] = t;
            }
            gi_sine_row_sorted_for((gi_sine_path)p)(-0.25, a, N, &down);
            gi_sine_row_for(GI_SINE_PATH_PORTABLE)(-0.25, a, N, &down_ref);
            cr_assert(down.lo == down_ref.lo && down.hi == down_ref.hi,
                      "path %s, step %g: decreasing sorted row sum",
                      gi_sine_path_name((gi_sine_path)p), runs[st].step);
            for (long k = 0; k < N / 2; k++) {
                const double t = a[k];
                a[k] = a[N - 1 - k];
                a[N - 1 - k] = t;
            }
        }
    }
    cr_log_info("%ld path and step pairs compared", vectors);
    free(a);
    free(ref);
    free(v);
}

/* The benchmark's other sums of the same row (plain, compensated) agree with the exact one to
 * their own rounding: n terms of ≤ 1, so n·2⁻⁵³ for the plain sum, a few ulps of the lanes' sums
 * for the compensated one; the exact sum's own terms are rounded by up to 2⁻⁵⁸ each. */
Test(sine_cpu, plain_and_compensated_rows_agree_with_the_exact_sum)
{
    enum { N = 4093 };
    double y[N];
    uint64_t seed = 5;
    for (int k = 0; k < N; k++)
        y[k] = uniform(&seed, 30.0);
    qsort(y, N, sizeof y[0], cmp_double); /* these rows take a grid's monotone y */
    for (int p = 0; p < GI_SINE_PATH_COUNT; p++) {
        if (!gi_sine_row_for((gi_sine_path)p))
            continue;
        gi_fix128 acc = {0, 0};
        gi_sine_row_for((gi_sine_path)p)(0.125, y, N, &acc);
        const double exact = gi_fix128_value(acc);
        const double plain = gi_sine_row_plain_for((gi_sine_path)p)(0.125, y, N);
        const double comp = gi_sine_row_compensated_for((gi_sine_path)p)(0.125, y, N);
        cr_assert_leq(fabs(plain - exact), N * 0x1p-53, "path %s: plain %.17g vs %.17g",
                      gi_sine_path_name((gi_sine_path)p), plain, exact);
        cr_assert_leq(fabs(comp - exact), N * 0x1p-58 + 16 * 0x1p-53,
                      "path %s: compensated %.17g vs %.17g", gi_sine_path_name((gi_sine_path)p),
                      comp, exact);
    }
}

/* The row sum is the sum of each sine rounded to a multiple of 2⁻⁵⁷, computed here another way
 * (long double scaling and rounding into a 128-bit integer), whatever the order. */
Test(sine_cpu, row_sum_is_the_rounded_terms_exact_sum)
{
    enum { N = 3001 };
    double y[N], v[N], arg[N];
    uint64_t seed = 77;
    for (int k = 0; k < N; k++)
        y[k] = uniform(&seed, 4.0);
    const double x = 1.75;
    for (int k = 0; k < N; k++)
        arg[k] = x + y[k];
    gi_sine_values_for(GI_SINE_PATH_PORTABLE)(arg, v, N);
    i128 want = 0;
    for (int k = 0; k < N; k++)
        want += (i128)nearbyintl(ldexpl((long double)v[k], 57));
    gi_fix128 got = {0, 0};
    gi_sine_row_fix(x, y, N, &got);
    i128 have = (i128)(((u128)(uint64_t)got.hi << 64) | got.lo);
    cr_assert(have == want, "row sum %.17g vs %.17g", (double)have, (double)want);

    /* Reversed order, one term at a time: the same integer. */
    gi_fix128 back = {0, 0};
    for (int k = N - 1; k >= 0; k--)
        gi_sine_row_fix(x, &y[k], 1, &back);
    cr_assert(back.lo == got.lo && back.hi == got.hi);
}

Test(sine_cpu, fix128_value_rounds_once)
{
    uint64_t seed = 4242;
    for (int k = 0; k < 200000; k++) {
        /* Magnitudes from 1 to 2¹²⁰, both signs, with ties and sticky bits below them. */
        int bits = 1 + (int)(next_random(&seed) % 120);
        u128 m = ((u128)next_random(&seed) << 64) | next_random(&seed);
        m >>= 128 - bits;
        if (k % 7 == 0 && bits > 60) /* an exact tie: the 54th bit set, nothing below */
            m = (m >> (bits - 54)) << (bits - 54) | ((u128)1 << (bits - 54 - 1));
        i128 t = (k & 1) ? -(i128)m : (i128)m;
        gi_fix128 T = {(uint64_t)t, (int64_t)(t >> 64)};
        double want = ldexp((double)t, -57); /* GCC's conversion rounds to nearest even */
        double got = gi_fix128_value(T);
        cr_assert(memcmp(&got, &want, sizeof got) == 0, "bits %d: %a vs %a", bits, got, want);
    }
}

Test(sine_cpu, pairs_hold_the_exact_sum)
{
    uint64_t seed = 99;
    for (int k = 0; k < 100000; k++) {
        int bits = 1 + (int)(next_random(&seed) % 100); /* a tile of up to 2⁴³ cells */
        i128 t = (i128)(((u128)next_random(&seed) << 64 | next_random(&seed)) >> (128 - bits));
        if (k & 1)
            t = -t;
        gi_fix128 T = {(uint64_t)t, (int64_t)(t >> 64)}, back = {0, 0};
        gi_sum p = gi_fix128_pair(T);
        cr_assert(p.c >= 0 && p.c < 0x1p-4);
        cr_assert(gi_fix128_add_double(&back, p.s) && gi_fix128_add_double(&back, p.c));
        cr_assert(back.lo == T.lo && back.hi == T.hi, "pair %a + %a", p.s, p.c);
    }
    gi_fix128 T = {0, 0};
    cr_assert_not(gi_fix128_add_double(&T, 0x1p-58), "not a multiple of 2^-57");
    cr_assert_not(gi_fix128_add_double(&T, 0x1p60), "past 2^60");
    cr_assert_not(gi_fix128_add_double(&T, NAN));
    cr_assert(T.lo == 0 && T.hi == 0, "a refused value leaves the sum alone");
}
