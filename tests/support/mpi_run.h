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

#endif /* GI_TEST_MPI_RUN_H */
