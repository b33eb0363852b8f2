/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Handing an MPI run to gpuinteg-mpi (mpi_program.h).
 */
#include "mpi_program.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

int gi_cli_mpi_program_path(char *buf, size_t size)
{
    char self[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n <= 0)
        return 0;
    self[n] = '\0';
    char *slash = strrchr(self, '/');
    if (!slash)
        return 0;
    *slash = '\0';
    int len = snprintf(buf, size, "%s/gpuinteg-mpi", self);
    return len > 0 && (size_t)len < size;
}

/* This process's arguments as the kernel holds them: argv[0] first. NULL on failure; the
 * array and its strings are one allocation. */
static char **own_arguments(void)
{
    int fd = open("/proc/self/cmdline", O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    size_t cap = 4096, len = 0;
    char *text = malloc(cap);
    for (;;) {
        if (!text)
            break;
        ssize_t got = read(fd, text + len, cap - len);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        len += (size_t)got;
        if (len == cap) {
            char *bigger = realloc(text, cap * 2);
            if (!bigger) {
                free(text);
                text = NULL;
                break;
            }
            text = bigger;
            cap *= 2;
        }
    }
    close(fd);
    if (!text || len == 0 || text[len - 1] != '\0') {
        free(text);
        return NULL;
    }
    size_t count = 0;
    for (size_t i = 0; i < len; i++)
        count += text[i] == '\0';
    /* One block: the pointer array, then the strings. */
    char **argv = malloc((count + 1) * sizeof *argv + len);
    if (!argv) {
        free(text);
        return NULL;
    }
    char *strings = (char *)(argv + count + 1);
    memcpy(strings, text, len);
    free(text);
    for (size_t i = 0, k = 0; k < count; k++) {
        argv[k] = strings + i;
        i += strlen(strings + i) + 1;
    }
    argv[count] = NULL;
    return argv;
}

int gi_cli_mpi_program_exec(const char *why, int rank)
{
    char path[PATH_MAX];
    const char *reason;
    char detail[PATH_MAX + 64];
    char **argv = NULL;
    if (!gi_cli_mpi_program_path(path, sizeof path)) {
        snprintf(path, sizeof path, "gpuinteg-mpi");
        snprintf(detail, sizeof detail, "cannot find this program's own folder (/proc/self/exe)");
        reason = detail;
    } else if (access(path, X_OK) != 0) {
        snprintf(detail, sizeof detail, "%s: %s", path, strerror(errno));
        reason = detail;
    } else if (!(argv = own_arguments())) {
        snprintf(detail, sizeof detail,
                 "cannot read this program's arguments (/proc/self/cmdline)");
        reason = detail;
    } else {
        argv[0] = path;
        fflush(stdout);
        fflush(stderr);
        execv(path, argv);
        snprintf(detail, sizeof detail, "cannot run %s: %s", path, strerror(errno));
        reason = detail;
        free(argv);
    }
    if (rank <= 0)
        gi_cli_error("%s, but the MPI program gpuinteg-mpi is not usable (%s): this gpuinteg "
                     "was built or installed without MPI (GI_WITH_MPI; Debian: libopenmpi-dev); "
                     "rerun with --no-mpi to run every rank on its own",
                     why, reason);
    return GI_EXIT_UNAVAILABLE;
}
