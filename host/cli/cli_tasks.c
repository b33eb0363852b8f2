/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The tasks of an srun step meet in a folder next to their report: one record file per task,
 * each written to a temporary name and renamed (a reader never sees half a record).
 */
#include "cli_tasks.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "monitor/slurm_job.h"
#include "mpi/rank_pack.h"

int gi_cli_report_expand(const char *path, char *out, size_t size)
{
    size_t n = 0;
    for (const char *p = path; *p; p++) {
        char piece[256];
        if (*p != '%') {
            piece[0] = *p;
            piece[1] = '\0';
        } else {
            const char *v = NULL;
            char host[128];
            switch (p[1]) {
            case '%':
                v = "%";
                break;
            case 'j':
                v = getenv("SLURM_JOB_ID");
                if (!v || !*v) {
                    gi_cli_error("--report '%s': %%j is the Slurm job id, but this is not inside a "
                                 "Slurm job (SLURM_JOB_ID is not set)",
                                 path);
                    return 0;
                }
                break;
            case 's':
                v = getenv("SLURM_STEP_ID");
                if (!v || !*v) {
                    gi_cli_error("--report '%s': %%s is the Slurm step id, but this is not a task "
                                 "of an srun step (SLURM_STEP_ID is not set)",
                                 path);
                    return 0;
                }
                break;
            case 't':
                v = getenv("SLURM_PROCID");
                if (!v || !*v)
                    v = "0";
                break;
            case 'N':
                if (gethostname(host, sizeof host) != 0)
                    snprintf(host, sizeof host, "host");
                host[sizeof host - 1] = '\0';
                host[strcspn(host, ".")] = '\0';
                v = host;
                break;
            default:
                gi_cli_error("--report '%s': unknown placeholder '%%%.1s'; allowed: %%j (job id), "
                             "%%s (step id), %%t (task), %%N (host), %%%%",
                             path, p[1] ? p + 1 : "");
                return 0;
            }
            /* Values from the environment are names, never paths. */
            if (strchr(v, '/') && p[1] != '%') {
                gi_cli_error("--report '%s': the value of %%%c contains '/'", path, p[1]);
                return 0;
            }
            snprintf(piece, sizeof piece, "%s", v);
            p++;
        }
        size_t len = strlen(piece);
        if (n + len + 1 > size) {
            gi_cli_error("--report '%.200s': the name is too long once expanded", path);
            return 0;
        }
        memcpy(out + n, piece, len);
        n += len;
    }
    out[n] = '\0';
    return 1;
}

void gi_cli_tasks_setup(gi_cli_tasks *t, const char *original, const char *expanded)
{
    memset(t, 0, sizeof *t);
    gi_slurm_job j;
    gi_slurm_job_read(&j, 0); /* in_step: a numbered step of a job with a well-formed id */
    if (!original || !j.in_step || j.tasks < 2 || strstr(original, "%t"))
        return;
    char copy[PATH_MAX], base[PATH_MAX];
    snprintf(copy, sizeof copy, "%s", expanded);
    snprintf(base, sizeof base, "%s", basename(copy));
    snprintf(copy, sizeof copy, "%s", expanded);
    int n =
        snprintf(t->dir, sizeof t->dir, "%s/.%s.%s.%s.tasks", dirname(copy), base, j.id, j.step_id);
    if (n < 0 || (size_t)n >= sizeof t->dir)
        return;
    t->active = 1;
    t->tasks = j.tasks;
    t->task = j.task;
    t->node = j.node;
}

static int write_record(const gi_cli_tasks *t, gi_monitor *m)
{
    gi_monitor_rank r;
    if (gi_monitor_rank_get(m, &r) != GI_STATUS_OK) {
        gi_cli_error("task %d: %s", t->task, gi_monitor_last_error(m));
        return 0;
    }
    r.rank = t->task;
    r.node = t->node;
    void *buf;
    size_t size;
    if (!gi_mpi_rank_pack(&r, GI_MONITOR_RANK_MAX_SAMPLES, &buf, &size)) {
        gi_cli_error("task %d: out of memory for its record", t->task);
        return 0;
    }
    char tmp[PATH_MAX + 64], final[PATH_MAX + 64];
    snprintf(tmp, sizeof tmp, "%s/.task-%d.XXXXXX", t->dir, t->task);
    snprintf(final, sizeof final, "%s/task-%d.rec", t->dir, t->task);
    int fd = mkstemp(tmp);
    int ok = fd >= 0;
    for (size_t done = 0; ok && done < size;) {
        ssize_t w = write(fd, (const char *)buf + done, size - done);
        if (w < 0 && errno == EINTR)
            continue;
        ok = w > 0;
        done += ok ? (size_t)w : 0;
    }
    int e = errno;
    if (fd >= 0 && close(fd) != 0 && ok) {
        ok = 0;
        e = errno;
    }
    if (ok && rename(tmp, final) != 0) {
        ok = 0;
        e = errno;
    }
    if (!ok) {
        if (fd >= 0)
            unlink(tmp);
        gi_cli_error("task %d: cannot leave its record in '%s': %s", t->task, t->dir, strerror(e));
    }
    free(buf);
    return ok;
}

/* Reads task k's record into m; 1 when added. */
static int add_record(const gi_cli_tasks *t, gi_monitor *m, int k)
{
    char path[PATH_MAX + 64];
    snprintf(path, sizeof path, "%s/task-%d.rec", t->dir, k);
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    /* 8-byte aligned, as gi_mpi_rank_unpack wants. */
    size_t cap = 1 << 16, len = 0;
    double *buf = malloc(cap);
    int ok = buf != NULL;
    while (ok) {
        if (len == cap) {
            double *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                ok = 0;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
        size_t n = fread((char *)buf + len, 1, cap - len, f);
        len += n;
        if (n == 0)
            break;
    }
    fclose(f);
    gi_monitor_rank r;
    const char **warnings = NULL;
    ok = ok && gi_mpi_rank_unpack(buf, len, &r, &warnings) &&
         gi_monitor_add_rank(m, &r) == GI_STATUS_OK;
    free(warnings);
    free(buf);
    unlink(path);
    return ok;
}

int gi_cli_tasks_merge(gi_cli_tasks *t, gi_monitor *m, double wait_s)
{
    if (mkdir(t->dir, 0777) != 0 && errno != EEXIST) {
        gi_cli_error("task %d: cannot create '%s' for the tasks' records: %s", t->task, t->dir,
                     strerror(errno));
        return -1;
    }
    if (!write_record(t, m))
        return -1;
    if (t->task != 0)
        return 0;
    const char *env = getenv("GPUINTEG_TASK_WAIT_S");
    if (env && *env)
        wait_s = atof(env);
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    for (;;) {
        int present = 0;
        for (int k = 0; k < t->tasks; k++) {
            char path[PATH_MAX + 64];
            snprintf(path, sizeof path, "%s/task-%d.rec", t->dir, k);
            present += access(path, F_OK) == 0;
        }
        clock_gettime(CLOCK_MONOTONIC, &now);
        double waited =
            (double)(now.tv_sec - start.tv_sec) + 1e-9 * (double)(now.tv_nsec - start.tv_nsec);
        if (present == t->tasks || waited >= wait_s)
            break;
        struct timespec pause = {0, 50 * 1000 * 1000};
        nanosleep(&pause, NULL);
    }
    char missing[512] = "";
    size_t len = 0;
    for (int k = 0; k < t->tasks; k++)
        if (!add_record(t, m, k) && len + 16 < sizeof missing)
            len +=
                (size_t)snprintf(missing + len, sizeof missing - len, "%s%d", len ? ", " : "", k);
    if (missing[0])
        gi_monitor_set_info(m, "tasks without a record", missing);
    rmdir(t->dir);
    return 1;
}
