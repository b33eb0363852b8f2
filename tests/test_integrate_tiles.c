/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The tile-range API that MPI runs are built on: any split of the tiles, computed on any CPU
 * backend with any thread count and combined in tile order, gives gi_integrate's bits; bad
 * ranges and counts are named in the message.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

static gi_context *open_ctx(const char *device, int threads)
{
    gi_context *ctx;
    cr_assert_eq(gi_context_create(&ctx), GI_STATUS_OK);
    cr_assert_eq(gi_context_select(ctx, device), GI_STATUS_OK, "%s", gi_last_error(ctx));
    cr_assert_eq(gi_context_set_threads(ctx, threads), GI_STATUS_OK);
    return ctx;
}

static double whole(const char *device, const gi_integrate_params *p)
{
    gi_context *ctx = open_ctx(device, 1);
    gi_integrate_result r;
    cr_assert_eq(gi_integrate(ctx, p, &r), GI_STATUS_OK, "%s", gi_last_error(ctx));
    gi_context_destroy(ctx);
    return r.value;
}

/* The tiles cut into `parts` ranges the way an MPI run cuts them (sizes differ by at most one),
 * each range computed by its own context, then combined. */
static double split(const char *device, int threads, const gi_integrate_params *p, int parts)
{
    int64_t total = gi_integrate_tile_count(p);
    cr_assert_gt(total, 0);
    double *pairs = malloc((size_t)total * 2 * sizeof *pairs);
    cr_assert(pairs);
    int64_t first = 0;
    for (int k = 0; k < parts; k++) {
        int64_t count = total / parts + (k < total % parts);
        if (count == 0)
            continue;
        gi_context *ctx = open_ctx(device, threads);
        cr_assert_eq(gi_integrate_tiles(ctx, p, first, count, pairs + 2 * first), GI_STATUS_OK,
                     "%s", gi_last_error(ctx));
        gi_timing t;
        cr_assert_eq(gi_last_timing(ctx, &t), GI_STATUS_OK);
        cr_assert_str_eq(t.backend, device);
        gi_context_destroy(ctx);
        first += count;
    }
    cr_assert_eq(first, total);
    gi_context *ctx = open_ctx("serial", 1);
    gi_integrate_result r;
    cr_assert_eq(gi_integrate_combine(ctx, p, pairs, total, &r), GI_STATUS_OK, "%s",
                 gi_last_error(ctx));
    cr_assert_eq(r.evaluations, (uint64_t)(p->nx * p->ny));
    cr_assert_str_empty(r.backend);
    gi_context_destroy(ctx);
    free(pairs);
    return r.value;
}

static void same_bits(double a, double b, const char *what)
{
    cr_assert(memcmp(&a, &b, sizeof a) == 0, "%s: %.17g vs %.17g", what, a, b);
}

Test(integrate_tiles, any_split_gives_the_whole_runs_bits)
{
    /* 4000×9000: 250 tile rows × 5 tile columns, so splits fall inside tile rows too. */
    gi_integrate_params p = {-1.0, 2.5, 0.25, 3.0, 4000, 9000};
    double ref = whole("serial", &p);
    same_bits(whole("openmp", &p), ref, "openmp whole vs serial whole");
    const int parts[] = {1, 2, 3, 7, 64};
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        char what[80];
        snprintf(what, sizeof what, "serial in %d parts", parts[i]);
        same_bits(split("serial", 1, &p, parts[i]), ref, what);
        snprintf(what, sizeof what, "openmp, 3 threads, in %d parts", parts[i]);
        same_bits(split("openmp", 3, &p, parts[i]), ref, what);
    }
}

Test(integrate_tiles, more_parts_than_tiles)
{
    gi_integrate_params p = {0, 1, 0, 1, 40, 40}; /* 3 tiles: rows of 16, 16, 8 cells */
    cr_assert_eq(gi_integrate_tile_count(&p), 3);
    same_bits(split("openmp", 2, &p, 5), whole("serial", &p), "5 parts of 3 tiles");
}

Test(integrate_tiles, tile_count_of_invalid_params_is_zero)
{
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    /* tiles of 16 rows (the minimum) × 2048 columns: 625 tile rows, 5 tile columns */
    cr_assert_eq(gi_integrate_tile_count(&p), 625 * 5);
    cr_assert_eq(gi_integrate_tile_count(NULL), 0);
    p.nx = 0;
    cr_assert_eq(gi_integrate_tile_count(&p), 0);
    gi_integrate_params_default(&p);
    p.x1 = p.x0;
    cr_assert_eq(gi_integrate_tile_count(&p), 0);
}

static void expect_range_error(gi_context *ctx, const gi_integrate_params *p, int64_t first,
                               int64_t count)
{
    double pairs[8] = {0};
    gi_status st = gi_integrate_tiles(ctx, p, first, count, pairs);
    cr_assert_eq(st, GI_STATUS_INVALID_ARGUMENT, "first %lld count %lld: status %d",
                 (long long)first, (long long)count, st);
    cr_assert(strstr(gi_last_error(ctx), "must lie within 0 … 2"), "%s", gi_last_error(ctx));
    for (int k = 0; k < 8; k++)
        cr_assert_eq(pairs[k], 0.0, "nothing is written on failure");
}

Test(integrate_tiles, bad_ranges_are_named)
{
    gi_integrate_params p = {0, 1, 0, 1, 40, 40};
    gi_context *ctx = open_ctx("serial", 1);
    expect_range_error(ctx, &p, -1, 1);
    expect_range_error(ctx, &p, 0, 0);
    expect_range_error(ctx, &p, 2, 2);
    expect_range_error(ctx, &p, 3, 1);
    expect_range_error(ctx, &p, INT64_MAX, 2); /* first + count would overflow */
    double pairs[2];
    cr_assert_eq(gi_integrate_tiles(ctx, &p, 0, 1, NULL), GI_STATUS_MISUSE);
    cr_assert_eq(gi_integrate_tiles(ctx, NULL, 0, 1, pairs), GI_STATUS_MISUSE);
    cr_assert_eq(gi_integrate_tiles(NULL, &p, 0, 1, pairs), GI_STATUS_MISUSE);
    p.ny = 0;
    cr_assert_eq(gi_integrate_tiles(ctx, &p, 0, 1, pairs), GI_STATUS_INVALID_ARGUMENT);
    cr_assert(strstr(gi_last_error(ctx), "ny = 0"), "%s", gi_last_error(ctx));
    gi_context_destroy(ctx);
}

Test(integrate_tiles, combine_checks_the_count)
{
    gi_integrate_params p = {0, 1, 0, 1, 40, 40};
    gi_context *ctx = open_ctx("serial", 1);
    double pairs[6] = {1, 0, 2, 0, 3, 0};
    gi_integrate_result r;
    memset(&r, 0x5a, sizeof r);
    cr_assert_eq(gi_integrate_combine(ctx, &p, pairs, 2, &r), GI_STATUS_INVALID_ARGUMENT);
    cr_assert(strstr(gi_last_error(ctx), "count = 2 must be the tile count of a 40×40 grid, 3"),
              "%s", gi_last_error(ctx));
    cr_assert_eq(r.value, 0.0, "the result is zeroed on failure");
    cr_assert_eq(gi_integrate_combine(ctx, &p, NULL, 3, &r), GI_STATUS_MISUSE);
    /* 1 + 2 + 3 is exact; then one multiplication by the cell area hx·hy as rounded. */
    cr_assert_eq(gi_integrate_combine(ctx, &p, pairs, 3, &r), GI_STATUS_OK);
    cr_assert_eq(r.value, 6.0 * ((1.0 / 40.0) * (1.0 / 40.0)));
    gi_context_destroy(ctx);
}
