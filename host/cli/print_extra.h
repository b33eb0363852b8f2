/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/cli/print_extra.h — what a caller adds to a command's standard output: the utilization
 * monitor's summary, the ranks of an MPI run. One printer per command then serves every way
 * of running it.
 */
#ifndef GI_CLI_PRINT_EXTRA_H
#define GI_CLI_PRINT_EXTRA_H

#include <cjson/cJSON.h>
#include <stdio.h>

/* json() adds members to the object before it is printed, human() prints lines after the
 * standard ones (not with --quiet). Either may be NULL. */
typedef struct gi_print_extra {
    void (*json)(void *arg, cJSON *obj);
    void (*human)(void *arg, FILE *out);
    void *arg;
} gi_print_extra;

#endif /* GI_CLI_PRINT_EXTRA_H */
