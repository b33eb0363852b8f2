/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/mpi_combine: what rank 0 spends combining the gathered tile pairs in tile order
 * (gi_integrate_combine) for the grids of the MPI scaling model (docs/mpi-scaling.md). This is
 * the serial part of a distributed integral; bench/mpi_model.py takes its figures as input.
 *
 *   mpi_combine [REPEAT]     prints one line per grid: n, tiles, bytes gathered, best seconds
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gpuinteg/gpuinteg.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    int repeat = argc > 1 ? atoi(argv[1]) : 50;
    if (repeat < 1) {
        fprintf(stderr, "mpi_combine: REPEAT must be a whole number >= 1\n");
        return 2;
    }
    gi_context *ctx;
    if (gi_context_create(&ctx) != GI_STATUS_OK)
        return 1;
    const int64_t sizes[] = {10000, 100000, 1000000};
    printf("%10s %8s %10s %12s\n", "n", "tiles", "bytes", "combine_s");
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        gi_integrate_params p;
        gi_integrate_params_default(&p);
        p.nx = p.ny = sizes[i];
        int64_t tiles = gi_integrate_tile_count(&p);
        double *pairs = malloc((size_t)tiles * 2 * sizeof *pairs);
        if (!pairs)
            return 1;
        /* Values of the size real tile sums have; the time does not depend on them. */
        srand(7);
        for (int64_t t = 0; t < 2 * tiles; t++)
            pairs[t] = (double)rand() / RAND_MAX - 0.5;
        double best = 1e30;
        gi_integrate_result r;
        for (int k = 0; k < repeat; k++) {
            double t0 = now();
            if (gi_integrate_combine(ctx, &p, pairs, tiles, &r) != GI_STATUS_OK)
                return 1;
            double dt = now() - t0;
            best = dt < best ? dt : best;
        }
        printf("%10lld %8lld %10lld %12.3e\n", (long long)sizes[i], (long long)tiles,
               (long long)(tiles * 16), best);
        free(pairs);
    }
    gi_context_destroy(ctx);
    return 0;
}
