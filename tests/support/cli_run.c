/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "cli_run.h"

#include <criterion/criterion.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

gi_cli_result *gi_cli_run(const char *const *args, const char *const *env, int timeout_s)
{
    const char *cli = getenv("GI_CLI");
    cr_assert(cli, "GI_CLI must name the gpuinteg binary (CTest sets it)");
    const char *argv[64];
    size_t argc = 0;
    argv[argc++] = cli;
    for (size_t i = 0; args && args[i]; i++) {
        cr_assert(argc < 63);
        argv[argc++] = args[i];
    }
    argv[argc] = NULL;
    return gi_run_argv(argv, env, timeout_s);
}

gi_cli_result *gi_run_argv(const char *const *argv, const char *const *env, int timeout_s)
{
    gi_cli_result *r = calloc(1, sizeof *r);
    cr_assert(r);

    int out[2], err[2];
    cr_assert(pipe(out) == 0 && pipe(err) == 0);
    pid_t pid = fork();
    cr_assert(pid >= 0);
    if (pid == 0) {
        /* Its own process group, so that a timeout also ends what it started (MPI ranks). */
        setpgid(0, 0);
        dup2(out[1], 1);
        dup2(err[1], 2);
        close(out[0]);
        close(err[0]);
        close(out[1]);
        close(err[1]);
        for (size_t i = 0; env && env[i]; i++)
            putenv((char *)env[i]);
        execvp(argv[0], (char *const *)argv);
        _exit(127);
    }
    close(out[1]);
    close(err[1]);

    size_t got[2] = {0, 0};
    char *buf[2] = {r->out, r->err};
    struct pollfd fds[2] = {{.fd = out[0], .events = POLLIN}, {.fd = err[0], .events = POLLIN}};
    int open_fds = 2;
    double deadline = now() + timeout_s;
    while (open_fds > 0) {
        int left_ms = (int)((deadline - now()) * 1000);
        if (left_ms <= 0) {
            r->timed_out = 1;
            kill(-pid, SIGKILL);
            kill(pid, SIGKILL);
            break;
        }
        int n = poll(fds, 2, left_ms);
        if (n < 0 && errno == EINTR)
            continue;
        for (int k = 0; k < 2; k++) {
            if (fds[k].fd < 0 || !(fds[k].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char scratch[4096];
            char *dst = got[k] + 1 < GI_CLI_CAPTURE ? buf[k] + got[k] : scratch;
            size_t room =
                got[k] + 1 < GI_CLI_CAPTURE ? GI_CLI_CAPTURE - 1 - got[k] : sizeof scratch;
            ssize_t m = read(fds[k].fd, dst, room);
            if (m <= 0) {
                close(fds[k].fd);
                fds[k].fd = -1;
                open_fds--;
            } else if (dst != scratch) {
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

int gi_count_lines(const char *s)
{
    int n = 0;
    for (const char *p = s; *p; p++)
        if (*p == '\n')
            n++;
    size_t len = strlen(s);
    if (len > 0 && s[len - 1] != '\n')
        n++;
    return n;
}
