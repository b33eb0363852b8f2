/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * first_call: what a device's first gi_dgemm costs beyond the next ones, after the device's
 * set-up (gi_context_prepare_for) for gemm, or (--prepare integrate) for integrate only, as
 * before gemm had a set-up of its own. For each size, in a fresh context: the set-up, then the
 * same product three times (first, second, third call; each timed around gi_dgemm, so a set-up
 * the call does itself is in it), then a product of another shape (the first of its shape). A
 * first call well above the second is set-up left inside the timed call.
 *
 *     first_call [--device D] [--sizes 64,512] [--other N] [--prepare gemm|integrate]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>

#include "util/clock.h"

static double timed_dgemm(gi_context *ctx, int64_t n, double *A, double *B, double *C)
{
    double start = gi_now();
    gi_status st = gi_dgemm(ctx, 'N', 'N', n, n, n, 1.0, A, n, B, n, 0.0, C, n);
    double t = gi_now() - start;
    if (st != GI_STATUS_OK) {
        fprintf(stderr, "first_call: gi_dgemm(%lld): %s\n", (long long)n, gi_last_error(ctx));
        exit(1);
    }
    return t;
}

int main(int argc, char **argv)
{
    const char *device = "opencl", *sizes = "64,512";
    int64_t other = 300;
    unsigned workloads = GI_WORKLOAD_DGEMM;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--device") == 0)
            device = argv[i + 1];
        else if (strcmp(argv[i], "--sizes") == 0)
            sizes = argv[i + 1];
        else if (strcmp(argv[i], "--other") == 0)
            other = strtoll(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "--prepare") == 0 &&
                 (strcmp(argv[i + 1], "integrate") == 0 || strcmp(argv[i + 1], "gemm") == 0))
            workloads = argv[i + 1][0] == 'i' ? GI_WORKLOAD_INTEGRATE : GI_WORKLOAD_DGEMM;
        else {
            fprintf(stderr, "first_call: unknown option '%s'\n", argv[i]);
            return 2;
        }
    }
    printf("| device | prepared for | n | set-up s | 1st call s | 2nd call s | 3rd call s | then n "
           "= %lld, 1st s |\n",
           (long long)other);
    printf("|---|---|---|---|---|---|---|---|\n");
    char *list = strdup(sizes);
    for (char *tok = strtok(list, ","); tok; tok = strtok(NULL, ",")) {
        int64_t n = strtoll(tok, NULL, 10), m = n > other ? n : other;
        double *A = calloc((size_t)(m * m), sizeof *A), *B = calloc((size_t)(m * m), sizeof *B),
               *C = calloc((size_t)(m * m), sizeof *C);
        for (int64_t i = 0; i < m * m; i++)
            A[i] = B[i] = 1.0 / (double)(1 + i % 7);
        gi_context *ctx = NULL;
        double setup = 0;
        if (gi_context_create(&ctx) != GI_STATUS_OK || gi_context_select(ctx, device) ||
            gi_context_prepare_for(ctx, workloads, &setup)) {
            fprintf(stderr, "first_call: %s: %s\n", device,
                    ctx ? gi_last_error(ctx) : "no context");
            return 3;
        }
        double t1 = timed_dgemm(ctx, n, A, B, C), t2 = timed_dgemm(ctx, n, A, B, C),
               t3 = timed_dgemm(ctx, n, A, B, C), t4 = timed_dgemm(ctx, other, A, B, C);
        printf("| %s | %s | %lld | %.3f | %.4f | %.4f | %.4f | %.4f |\n", device,
               workloads == GI_WORKLOAD_DGEMM ? "gemm" : "integrate", (long long)n, setup, t1, t2,
               t3, t4);
        fflush(stdout);
        gi_context_destroy(ctx);
        free(A);
        free(B);
        free(C);
    }
    free(list);
    return 0;
}
