/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_test_mpi_gemm: an MPI program for test_mpi_gemm.c. Multiplies seeded m×k and k×n matrices
 * over the job's ranks (gi_mpi_dgemm), runs the distributed Freivalds check, gathers C on rank 0
 * and compares it with the serial backend's product of the whole matrices.
 *
 *   mpirun -np P gi_test_mpi_gemm M N K DEVICE [corrupt]
 *
 * Rank 0 prints one line: "grid RxC verify <ok|failed> max_rel_residual X tolerance Y
 * reference_error_ratio Z" (Z: the largest |C − C_serial| over its bound, ≤ 1 when right).
 * With "corrupt", the last rank changes one element of its C block before the check, which
 * must then fail. Exit status: 0 all right, 4 the check failed, 1 C differs from the serial
 * product, 2 usage, 3 a rank could not run.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/gpuinteg.h>
#include <gpuinteg/random.h>

#include "mpi/gemm_ranks.h"
#include "mpi/job.h"

/* The product of the whole matrices on one process with the serial backend (the oracle), and
 * |A|·|B| for the bound. */
static int reference(int64_t m, int64_t n, int64_t k, uint64_t seed, double **C, double **bound)
{
    double *A = malloc((size_t)(m * k) * sizeof *A), *B = malloc((size_t)(k * n) * sizeof *B);
    *C = malloc((size_t)(m * n) * sizeof **C);
    *bound = malloc((size_t)(m * n) * sizeof **bound);
    gi_context *ctx = NULL;
    if (!A || !B || !*C || !*bound || gi_context_create(&ctx) != GI_STATUS_OK ||
        gi_context_select(ctx, "serial") != GI_STATUS_OK)
        return 0;
    gi_random_uniform(seed, 0, A, (size_t)(m * k));
    gi_random_uniform(seed, (uint64_t)(m * k), B, (size_t)(k * n));
    int ok = gi_dgemm(ctx, 'N', 'N', m, n, k, 1.0, A, m, B, k, 0.0, *C, m) == GI_STATUS_OK;
    /* Uniform [0, 1) inputs are non-negative: |A||B| = A·B up to rounding, which the bound's
     * factor 2 covers. */
    memcpy(*bound, *C, (size_t)(m * n) * sizeof **bound);
    gi_context_destroy(ctx);
    free(A);
    free(B);
    return ok;
}

int main(int argc, char **argv)
{
    if (argc < 5) {
        fprintf(stderr, "usage: gi_test_mpi_gemm M N K DEVICE [corrupt]\n");
        return 2;
    }
    int64_t m = atoll(argv[1]), n = atoll(argv[2]), k = atoll(argv[3]);
    int corrupt = argc > 5 && strcmp(argv[5], "corrupt") == 0;
    const uint64_t seed = 42;
    gi_mpi_job job;
    gi_mpi_job_start(&job);

    gi_context *ctx = NULL;
    char msg[512] = "";
    gi_status st = gi_context_create(&ctx);
    if (st == GI_STATUS_OK && (st = gi_context_select(ctx, argv[4])) != GI_STATUS_OK)
        snprintf(msg, sizeof msg, "%s", gi_last_error(ctx));
    gi_mpi_gemm_layout l;
    gi_mpi_gemm_layout_make(&job, m, n, k, &l);
    gi_mpi_gemm_blocks b = {
        .A = calloc((size_t)(l.rows * l.ka) + 1, sizeof(double)),
        .B = calloc((size_t)(l.kb * l.cols) + 1, sizeof(double)),
        .C = calloc((size_t)(l.rows * l.cols) + 1, sizeof(double)),
    };
    if (st == GI_STATUS_OK && (!b.A || !b.B || !b.C)) {
        st = GI_STATUS_OUT_OF_MEMORY;
        snprintf(msg, sizeof msg, "out of memory for the blocks");
    }
    int code = 0;
    if ((st = gi_mpi_agree(&job, st, msg)) != GI_STATUS_OK) {
        code = 3;
        goto done;
    }
    gi_mpi_gemm_fill(&l, seed, 'N', 'N', &b);
    gi_mpi_gemm_times times;
    if ((st = gi_mpi_dgemm(&job, ctx, &l, &b, &times)) != GI_STATUS_OK) {
        code = 3;
        goto done;
    }
    if (corrupt && job.rank == job.ranks - 1 && l.rows * l.cols > 0)
        b.C[l.rows * l.cols / 2] += 1e-9 * (1.0 + fabs(b.C[l.rows * l.cols / 2]));
    gi_dgemm_check check;
    st = gi_mpi_dgemm_verify(&job, &l, &b, &check);
    if (st != GI_STATUS_OK && st != GI_STATUS_VERIFICATION_FAILED) {
        code = 3;
        goto done;
    }
    code = st == GI_STATUS_OK ? 0 : 4;

    /* C's blocks to rank 0: each rank's block with its place. */
    long long place[4] = {l.row0, l.rows, l.col0, l.cols};
    long long *places = job.rank == 0 ? malloc((size_t)job.ranks * sizeof place) : NULL;
    MPI_Gather(place, 4, MPI_LONG_LONG, places, 4, MPI_LONG_LONG, 0, job.world);
    double ratio = 0.0;
    if (job.rank == 0) {
        double *C = malloc((size_t)(m * n) * sizeof *C), *ref = NULL, *bound = NULL;
        if (!C || !places || !reference(m, n, k, seed, &ref, &bound)) {
            fprintf(stderr, "gi_test_mpi_gemm: rank 0 cannot build the reference\n");
            MPI_Abort(job.world, 1);
        }
        for (int r = 0; r < job.ranks; r++) {
            long long *p = places + 4 * r, count = p[1] * p[3];
            double *blk = r == 0 ? b.C : malloc((size_t)(count + 1) * sizeof *blk);
            if (r != 0)
                MPI_Recv(blk, (int)count, MPI_DOUBLE, r, 7, job.world, MPI_STATUS_IGNORE);
            for (long long j = 0; j < p[3]; j++)
                for (long long i = 0; i < p[1]; i++)
                    C[(p[2] + j) * m + p[0] + i] = blk[j * p[1] + i];
            if (r != 0)
                free(blk);
        }
        /* Two sums of the same k products in different orders: each is within γ_k·(|A||B|)ij
         * of the exact value (Higham §3.5), so they differ by at most 2γ_k·(|A||B|)ij. */
        const double u = DBL_EPSILON / 2, g = 2.0 * ((double)k * u / (1.0 - (double)k * u));
        for (int64_t x = 0; x < m * n; x++) {
            double d = fabs(C[x] - ref[x]), lim = 2.0 * g * bound[x];
            double q = lim > 0 ? d / lim : (d == 0 ? 0.0 : INFINITY);
            ratio = q > ratio ? q : ratio;
        }
        if (!corrupt && ratio > 1.0)
            code = code ? code : 1;
        printf("grid %dx%d verify %s max_rel_residual %.3e tolerance %.3e "
               "reference_error_ratio %.3e\n",
               l.r, l.c, check.max_rel_residual <= check.tolerance ? "ok" : "failed",
               check.max_rel_residual, check.tolerance, ratio);
        free(C);
        free(ref);
        free(bound);
    } else {
        MPI_Send(b.C, (int)(l.rows * l.cols), MPI_DOUBLE, 0, 7, job.world);
    }
    free(places);
done:
    gi_mpi_gemm_layout_free(&l);
    free(b.A);
    free(b.B);
    free(b.C);
    gi_context_destroy(ctx);
    gi_mpi_job_end(&job);
    return code;
}
