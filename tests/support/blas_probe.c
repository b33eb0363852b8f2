/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gi_blas_probe [--fork] N... — a program that calls BLAS, for the tests of libgpuinteg_blas
 * under `gpuinteg monitor`: one dgemm_ of N×N all-ones matrices per argument, each checked
 * (every element must be N). With --fork a child process makes the same products too, so the
 * monitor must gather two records. Exit 0, or 1 with a line on stderr.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

void dgemm_(const char *transa, const char *transb, const int *m, const int *n, const int *k,
            const double *alpha, const double *A, const int *lda, const double *B, const int *ldb,
            const double *beta, double *C, const int *ldc, size_t la, size_t lb);

static int product(int n)
{
    size_t nn = (size_t)n * (size_t)n;
    double *A = malloc(nn * sizeof *A), *C = calloc(nn, sizeof *C), one = 1.0, zero = 0.0;
    if (!A || !C)
        return 1;
    for (size_t i = 0; i < nn; i++)
        A[i] = 1.0;
    dgemm_("N", "N", &n, &n, &n, &one, A, &n, A, &n, &zero, C, &n, 1, 1);
    int bad = 0;
    for (size_t i = 0; i < nn; i++)
        bad |= C[i] != (double)n;
    free(A);
    free(C);
    if (bad)
        fprintf(stderr, "gi_blas_probe: the %dx%d product is wrong\n", n, n);
    return bad;
}

int main(int argc, char **argv)
{
    int first = 1, forked = 0;
    if (argc > 1 && strcmp(argv[1], "--fork") == 0) {
        first = 2;
        forked = 1;
    }
    pid_t child = forked ? fork() : 0;
    if (child < 0)
        return 1;
    int bad = 0;
    for (int i = first; i < argc; i++)
        bad |= product(atoi(argv[i]));
    if (forked && child > 0) {
        int status;
        waitpid(child, &status, 0);
        bad |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    }
    return bad;
}
