/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The same bits for any thread count, and the same bits from serial and openmp (they share
 * the tile arithmetic and differ only in who sums which tile).
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

static double run(const char *device, int threads, const gi_integrate_params *p)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, device), GI_STATUS_OK);
    cr_assert_eq(gi_context_set_threads(ctx, threads), GI_STATUS_OK);
    gi_integrate_result r;
    cr_assert_eq(gi_integrate(ctx, p, &r), GI_STATUS_OK, "%s", gi_last_error(ctx));
    if (strcmp(device, "openmp") == 0)
        cr_assert_eq(r.threads, threads);
    gi_context_destroy(ctx);
    return r.value;
}

static void same_bits(double a, double b, const char *what)
{
    cr_assert(memcmp(&a, &b, sizeof a) == 0, "%s: %.17g vs %.17g", what, a, b);
}

Test(integrate_determinism, thread_counts_give_identical_bits, .timeout = 240)
{
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    double ref = run("serial", 1, &p);
    const int threads[] = {1, 2, 3, 8};
    for (size_t i = 0; i < sizeof threads / sizeof threads[0]; i++) {
        char what[64];
        snprintf(what, sizeof what, "openmp with %d threads vs serial", threads[i]);
        same_bits(run("openmp", threads[i], &p), ref, what);
    }
}

Test(integrate_determinism, odd_grid_identical_bits)
{
    gi_integrate_params p = {-3.0, 1.0, 2.0, 2.5, 1237, 4099};
    double ref = run("openmp", 1, &p);
    same_bits(run("openmp", 5, &p), ref, "openmp 5 threads vs 1");
    same_bits(run("serial", 1, &p), ref, "serial vs openmp");
}

Test(integrate_determinism, repeated_runs_identical)
{
    gi_integrate_params p = {0, 2, 0, 2, 3000, 3000};
    same_bits(run("openmp", 2, &p), run("openmp", 2, &p), "two runs");
}
