/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * tests/support/mpi_run.h — gpuinteg (or any program) under $GI_MPIEXEC, for the mpi tests.
 */
#ifndef GI_TEST_MPI_RUN_H
#define GI_TEST_MPI_RUN_H

#include "cli_run.h"

/* Runs $GI_MPIEXEC --oversubscribe ARGS (NULL-terminated), where the word "@CLI" stands for
 * the gpuinteg binary ($GI_CLI), with OMPI_ALLOW_RUN_AS_ROOT set (mpirun refuses root
 * otherwise) plus env (may be NULL); kills the whole job after timeout_s. --oversubscribe: CI
 * machines have 2 cores and the tests start up to 3 ranks. The result is heap-allocated. */
gi_cli_result *gi_mpirun(const char *const *args, const char *const *env, int timeout_s);

/* Lines of s that start with prefix. */
int gi_lines_starting(const char *s, const char *prefix);

/* How many times needle occurs in s. */
int gi_count_in(const char *s, const char *needle);

/*
 * How far the checksums (c_sum: the sum of C's elements) of two correct m×k by k×n products
 * may be apart; s is the larger checksum. Each element of C is a sum of k products, which any
 * order (one gi_dgemm, or SUMMA's panels added with beta = 1) computes within γ_k·(|A||B|)_ij
 * of the exact value (Higham, Accuracy and Stability, §3.5); gemm's inputs are in [0, 1), so
 * |A||B| = AB, and two products differ by at most 2γ_k·(AB)_ij per element, 2γ_k·ΣAB in their
 * sums. Each checksum is a compensated (Neumaier) sum of the m·n elements, or of the ranks'
 * compensated sums: within 2u·|S| + O(mn·u²)·S of the exact sum of its C (Higham §4.3), so
 * 4u·S + 4mn·u²·S for the two. With s a bound of ΣAB up to a factor 1 + γ_k, the tolerance is
 * (2γ_k + 4u + 4mn·u²)·(1 + γ_k)·s.
 */
double gi_gemm_checksum_tolerance(double m, double n, double k, double s);

#endif /* GI_TEST_MPI_RUN_H */
