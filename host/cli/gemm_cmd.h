/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/cli/gemm_cmd.h — what the gemm command shares with its MPI variant (cmd_gemm_mpi.c):
 * the options, their parser, the result and its printer, so that a product over MPI ranks
 * prints what a single process prints, plus its own fields.
 */
#ifndef GI_CLI_GEMM_CMD_H
#define GI_CLI_GEMM_CMD_H

#include <stddef.h>
#include <stdint.h>

#include <gpuinteg/gpuinteg.h>

#include "cli_monitor.h"
#include "mpi/launch.h"
#include "print_extra.h"

/* The largest dimension every backend's BLAS takes (32-bit integers in OpenBLAS, cuBLAS and
 * CLBlast's C API); the serial backend alone could go further through the library. */
#define GI_GEMM_MAX_DIM INT64_C(2147483647)

typedef struct gi_gemm_opts {
    const char *device;
    int64_t size;    /* --size: m = n = k unless one of them is given */
    int64_t m, n, k; /* 0 until --m/--n/--k; set by the parser */
    char transa, transb;
    int threads; /* 0: the default */
    int repeat;
    int64_t seed;
    int verify;
    int json;
    gi_mpi_request mpi; /* --mpi / --no-mpi; GI_MPI_AUTO when neither */
    int share_gpus;     /* --share-gpus */
    gi_cli_monitor mon;
} gi_gemm_opts;

/* The gemm command: its option table, synopsis and help (cmd_gemm.c). */
extern const struct gi_cli_command gi_cli_gemm_command;

/* Parses the gemm command's options into *o (which holds the defaults). Returns 1, or 0 after
 * printing the one-line error; *help is set when --help was given (help may be NULL). */
int gi_gemm_opts_parse(int argc, char **argv, gi_gemm_opts *o, int *help);

/* "--size N" or "m = M, n = N, k = K", for messages. */
void gi_gemm_describe_shape(const gi_gemm_opts *o, char *buf, size_t size);

/* One product's outcome, as printed. */
typedef struct gi_gemm_result {
    gi_timing timing; /* of the fastest run: backend, device, threads, kernel/transfer times */
    const gi_device_info *dev;
    const char *why;
    double best, median, gflops;
    int checked;  /* --verify ran */
    int verified; /* and passed */
    gi_dgemm_check check;
    double c_sum; /* the sum of C's elements (compensated): a checksum to compare runs */
} gi_gemm_result;

/* Prints the result as text or JSON (o->json); extra may be NULL. */
void gi_gemm_print(const gi_gemm_opts *o, const gi_gemm_result *r, const gi_print_extra *extra);

/* Adds x[0..n) into the compensated sum sc = {sum, compensation} (Neumaier), so that a sum
 * in pieces (the ranks' blocks) is as exact as one in one go: error ≤ 2u·Σ|x| + O(n·u²·Σ|x|). */
void gi_gemm_sum_add(double sc[2], const double *x, size_t n);

#endif /* GI_CLI_GEMM_CMD_H */
