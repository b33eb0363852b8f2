/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "run_cmd.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <ftw.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

double gi_test_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double process_cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void gi_wait_until_idle(void)
{
    double deadline = gi_test_now() + 10;
    while (gi_test_now() < deadline) {
        double c0 = process_cpu_s();
        struct timespec d = {0, 100000000L};
        nanosleep(&d, NULL);
        if (process_cpu_s() - c0 < 0.002)
            return;
    }
}

void gi_monitor_test_clean_env(void)
{
    /* Collect first: unsetenv changes environ under the loop. */
    char names[256][128];
    int n = 0;
    for (char **e = environ; *e && n < 256; e++) {
        const char *eq = strchr(*e, '=');
        size_t len = eq ? (size_t)(eq - *e) : strlen(*e);
        if (len >= sizeof names[0])
            continue;
        if (strncmp(*e, "SLURM_", 6) == 0 || strncmp(*e, "SRUN_", 5) == 0) {
            memcpy(names[n], *e, len);
            names[n++][len] = '\0';
        }
    }
    for (int i = 0; i < n; i++)
        unsetenv(names[i]);
    unsetenv("CUDA_VISIBLE_DEVICES");
    unsetenv("OMP_NUM_THREADS");
    setenv("GPUINTEG_CGROUP_ROOT", gi_fixture("cgroup/v2-unlimited"), 1);
}

const char *gi_fixture(const char *name)
{
    static char buf[4096];
    const char *root = getenv("GI_TEST_FIXTURES");
    cr_assert(root, "GI_TEST_FIXTURES must name tests/fixtures (CTest sets it)");
    snprintf(buf, sizeof buf, "%s/%s", root, name);
    return buf;
}

char *gi_temp_dir(void)
{
    const char *base = getenv("TMPDIR");
    char tmpl[4096];
    snprintf(tmpl, sizeof tmpl, "%s/gi-monitor-test-XXXXXX", base && base[0] ? base : "/tmp");
    char *dir = mkdtemp(tmpl);
    cr_assert(dir, "mkdtemp: %s", strerror(errno));
    return strdup(dir);
}

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(path);
}

void gi_remove_tree(const char *path)
{
    nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int gi_have_program(const char *name)
{
    if (strchr(name, '/'))
        return access(name, X_OK) == 0;
    const char *path = getenv("PATH");
    if (!path)
        return 0;
    char *copy = strdup(path), *save = NULL;
    int found = 0;
    for (char *dir = strtok_r(copy, ":", &save); dir && !found; dir = strtok_r(NULL, ":", &save)) {
        char full[4096];
        snprintf(full, sizeof full, "%s/%s", dir, name);
        found = access(full, X_OK) == 0;
    }
    free(copy);
    return found;
}

char *gi_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    for (size_t got; buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0;) {
        n += got;
        if (n + 1 == cap) {
            char *grown = realloc(buf, cap *= 2);
            if (!grown) {
                free(buf);
                buf = NULL;
            }
            buf = grown;
        }
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

gi_cli_result *gi_run_cmd(const char *const *argv, const gi_run_opts *o)
{
    gi_cli_result *r = calloc(1, sizeof *r);
    cr_assert(r);
    int out[2], err[2];
    cr_assert(pipe(out) == 0 && pipe(err) == 0);
    fflush(NULL);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        dup2(out[1], 1);
        dup2(err[1], 2);
        close(out[0]);
        close(err[0]);
        close(out[1]);
        close(err[1]);
        gi_monitor_test_clean_env();
        for (size_t i = 0; o->env && o->env[i]; i++)
            putenv((char *)o->env[i]);
        if (o->cpu >= 0) {
            cpu_set_t set;
            CPU_ZERO(&set);
            CPU_SET(o->cpu, &set);
            if (sched_setaffinity(0, sizeof set, &set) != 0)
                _exit(126);
        }
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(out[1]);
    close(err[1]);

    size_t got[2] = {0, 0};
    char *buf[2] = {r->out, r->err};
    struct pollfd fds[2] = {{.fd = out[0], .events = POLLIN}, {.fd = err[0], .events = POLLIN}};
    int open_fds = 2, signalled = 0;
    double start = gi_test_now(), deadline = start + o->timeout_s;
    while (open_fds > 0) {
        double now = gi_test_now();
        if (now >= deadline) {
            r->timed_out = 1;
            kill(pid, SIGKILL);
            break;
        }
        double wake = deadline;
        if (o->signal && !signalled) {
            if (now >= start + o->signal_after_s) {
                kill(pid, o->signal);
                signalled = 1;
                continue;
            }
            wake = start + o->signal_after_s;
        }
        int n = poll(fds, 2, (int)((wake - now) * 1000) + 1);
        if (n < 0 && errno == EINTR)
            continue;
        for (int k = 0; k < 2; k++) {
            if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char scratch[4096];
            int keep = got[k] + 1 < GI_CLI_CAPTURE;
            char *dst = keep ? buf[k] + got[k] : scratch;
            size_t room = keep ? GI_CLI_CAPTURE - 1 - got[k] : sizeof scratch;
            ssize_t m = read(fds[k].fd, dst, room);
            if (m <= 0) {
                close(fds[k].fd);
                fds[k].fd = -1;
                open_fds--;
            } else if (keep) {
                got[k] += (size_t)m;
            }
        }
    }
    for (int k = 0; k < 2; k++)
        if (fds[k].fd >= 0)
            close(fds[k].fd);
    int status = 0;
    waitpid(pid, &status, 0);
    r->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}
