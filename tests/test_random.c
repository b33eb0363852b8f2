/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_random_uniform: SplitMix64's published sequence, [0, 1) with 53-bit resolution, and
 * pieces of a stream equal to the whole.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <stdint.h>

#include <gpuinteg/gpuinteg.h>

Test(random, is_splitmix64)
{
    /* The first outputs of SplitMix64 seeded with 1234567 (the reference sequence of Vigna's
     * splitmix64.c, also Java's SplittableRandom), taken to their top 53 bits. */
    const uint64_t outputs[] = {UINT64_C(6457827717110365317), UINT64_C(3203168211198807973),
                                UINT64_C(9817491932198370423), UINT64_C(4593380528125082431),
                                UINT64_C(16408922859458223821)};
    double got[5];
    cr_assert_eq(gi_random_uniform(1234567, 0, got, 5), GI_STATUS_OK);
    for (int i = 0; i < 5; i++)
        cr_assert_eq(got[i], (double)(outputs[i] >> 11) * 0x1.0p-53, "number %d: %.17g", i, got[i]);
}

Test(random, pieces_equal_the_whole_and_stay_in_range)
{
    enum { N = 10000 };
    static double whole[N], piece[N];
    cr_assert_eq(gi_random_uniform(42, 0, whole, N), GI_STATUS_OK);
    cr_assert_eq(gi_random_uniform(42, 0, piece, 3), GI_STATUS_OK);
    cr_assert_eq(gi_random_uniform(42, 3, piece + 3, N - 3), GI_STATUS_OK);
    double sum = 0.0;
    for (int i = 0; i < N; i++) {
        cr_assert_eq(piece[i], whole[i], "number %d", i);
        cr_assert(whole[i] >= 0.0 && whole[i] < 1.0, "number %d = %g", i, whole[i]);
        cr_assert_eq(whole[i], ldexp(floor(ldexp(whole[i], 53)), -53), "not a multiple of 2^-53");
        sum += whole[i];
    }
    /* Mean of N uniforms: 0.5 with standard deviation sqrt(1/12/N) = 0.0029; 6σ is 0.017. */
    cr_assert_lt(fabs(sum / N - 0.5), 0.017, "mean %g", sum / N);
    double other[4];
    cr_assert_eq(gi_random_uniform(43, 0, other, 4), GI_STATUS_OK);
    cr_assert_neq(other[0], whole[0], "another seed, another stream");
}

Test(random, null_output)
{
    cr_assert_eq(gi_random_uniform(1, 0, NULL, 1), GI_STATUS_MISUSE);
    cr_assert_eq(gi_random_uniform(1, 0, NULL, 0), GI_STATUS_OK);
}
