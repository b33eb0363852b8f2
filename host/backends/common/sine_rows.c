/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Choosing the sine path per CPU. The paths are separate functions (not target_clones) so that
 * tests can run each one on the same inputs and compare bits.
 */
#include "sine_rows.h"

#include "sine_rows_impl.h"

static const struct {
    const char *name;
    gi_sine_row_fn row, sorted;
    gi_sine_values_fn values;
    gi_sine_row_double_fn plain, compensated;
} paths[GI_SINE_PATH_COUNT] = {
    [GI_SINE_PATH_PORTABLE] = {"portable", gi_sine_portable_row, gi_sine_portable_row_sorted,
                               gi_sine_portable_values, gi_sine_portable_row_plain,
                               gi_sine_portable_row_compensated},
#if defined(GI_SINE_X86)
    [GI_SINE_PATH_AVX2] = {"avx2", gi_sine_avx2_row, gi_sine_avx2_row_sorted, gi_sine_avx2_values,
                           gi_sine_avx2_row_plain, gi_sine_avx2_row_compensated},
    [GI_SINE_PATH_AVX512] = {"avx512", gi_sine_avx512_row, gi_sine_avx512_row_sorted,
                             gi_sine_avx512_values, gi_sine_avx512_row_plain,
                             gi_sine_avx512_row_compensated},
#else
    [GI_SINE_PATH_AVX2] = {"avx2", 0, 0, 0, 0, 0},
    [GI_SINE_PATH_AVX512] = {"avx512", 0, 0, 0, 0, 0},
#endif
};

int gi_sine_path_supported(gi_sine_path p)
{
    if ((unsigned)p >= GI_SINE_PATH_COUNT || !paths[p].row)
        return 0;
#if defined(GI_SINE_X86)
    __builtin_cpu_init();
    /* Exactly the instruction sets each file is compiled for (CMakeLists.txt). */
    if (p >= GI_SINE_PATH_AVX2 &&
        !(__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")))
        return 0;
    if (p >= GI_SINE_PATH_AVX512 &&
        !(__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
          __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512bw")))
        return 0;
#endif
    return 1;
}

gi_sine_path gi_sine_path_best(void)
{
    /* Benign race: every thread computes the same value. */
    static _Atomic int best = -1;
    int b = best;
    if (b < 0) {
        b = GI_SINE_PATH_PORTABLE;
        for (int p = GI_SINE_PATH_COUNT - 1; p > GI_SINE_PATH_PORTABLE; p--)
            if (gi_sine_path_supported((gi_sine_path)p)) {
                b = p;
                break;
            }
        best = b;
    }
    return (gi_sine_path)b;
}

const char *gi_sine_path_name(gi_sine_path p)
{
    return (unsigned)p < GI_SINE_PATH_COUNT ? paths[p].name : "?";
}

gi_sine_row_fn gi_sine_row_for(gi_sine_path p)
{
    return gi_sine_path_supported(p) ? paths[p].row : 0;
}

gi_sine_row_fn gi_sine_row_sorted_for(gi_sine_path p)
{
    return gi_sine_path_supported(p) ? paths[p].sorted : 0;
}

gi_sine_values_fn gi_sine_values_for(gi_sine_path p)
{
    return gi_sine_path_supported(p) ? paths[p].values : 0;
}

gi_sine_row_double_fn gi_sine_row_plain_for(gi_sine_path p)
{
    return gi_sine_path_supported(p) ? paths[p].plain : 0;
}

gi_sine_row_double_fn gi_sine_row_compensated_for(gi_sine_path p)
{
    return gi_sine_path_supported(p) ? paths[p].compensated : 0;
}

void gi_sine_row_fix(double x, const double *restrict y, size_t n, gi_fix128 *restrict acc)
{
    paths[gi_sine_path_best()].row(x, y, n, acc);
}

void gi_sine_row_sorted_fix(double x, const double *restrict y, size_t n, gi_fix128 *restrict acc)
{
    paths[gi_sine_path_best()].sorted(x, y, n, acc);
}
