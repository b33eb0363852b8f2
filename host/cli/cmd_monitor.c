/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg monitor [--sample-ms MS] [--report FILE] [--live S] [--job] [--json] -- CMD [ARGS…]:
 * runs any command (a course's Python program, a job step) under the utilization monitor,
 * measuring its whole process tree (and, in a Slurm job, the steps its srun starts; with --job
 * the whole job), and passes its exit status through (128+signal when it was killed).
 * `gpuinteg monitor --job` without a command measures the job until the job's other processes
 * on this node have ended, or a signal (SIGTERM at the time limit) arrives.
 *
 * The summary goes to stderr, like time(1)'s, so the command's own stdout stays clean for
 * pipes; --json prints one JSON object on stdout after the command's output.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli_monitor.h"
#include "cli_run.h"
#include "cli_options.h"
#include "cli_signals.h"
#include "monitor_blas.h"

typedef struct monitor_opts {
    gi_cli_monitor mon;
    int json;
    int quiet;
    int live_s; /* --live: seconds between rewrites of the report; 0: none */
    char **cmd; /* NULL-terminated; NULL with --job: watch the job */
} monitor_opts;

/* --live SECONDS at most a day apart. */
#define LIVE_MAX_S 86400

static const gi_cli_option options[] = {
    GI_CLI_OPT_MONITOR(monitor_opts),
    {.name = "--json",
     .kind = GI_OPT_FLAG,
     .offset = offsetof(monitor_opts, json),
     .min = 1,
     .help = "one JSON object on stdout after the command's output"},
    {.name = "--quiet",
     .alt = "-q",
     .kind = GI_OPT_FLAG,
     .offset = offsetof(monitor_opts, quiet),
     .min = 1,
     .help = "no summary on stderr"},
    {.name = "--live",
     .kind = GI_OPT_INT,
     .offset = offsetof(monitor_opts, live_s),
     .min = 1,
     .max = LIVE_MAX_S,
     .metavar = "S",
     .what = "seconds between rewrites of the report",
     .help = "rewrite the report every S seconds while it runs (marked partial, with\nthe time "
             "of writing; each rewrite a complete file renamed into place)"},
    {.name = "--job",
     .kind = GI_OPT_FLAG,
     .offset = offsetof(monitor_opts, mon.scope),
     .min = GI_MONITOR_SCOPE_JOB,
     .help = "measure the whole Slurm job on this node from its start (its cgroup, else\nits "
             "slurmstepd processes, else sstat); without CMD, until the job's other\nprocesses "
             "end or a signal comes"},
};

const gi_cli_command gi_cli_monitor_command = {
    .name = "monitor",
    .synopsis = "monitor [--sample-ms MS] [--report FILE] [--live S] [--job] [--json]\n"
                "                [-- CMD [ARGS...]]",
    .description =
        "monitor    runs CMD and reports what its process tree used of the CPUs, memory and GPUs\n"
        "           it was given (summary on stderr); exits with CMD's status. In a Slurm job it\n"
        "           also measures the steps CMD starts (srun). srun -n N gpuinteg monitor: one\n"
        "           report for the step, written by task 0. In --report, %j is the job id, %s\n"
        "           the step, %t the task, %N the host, %% a percent sign (with %t: a file per\n"
        "           task).",
    .options = options,
    .noptions = sizeof options / sizeof options[0],
    .run = gi_cmd_monitor,
};

/* Returns 1 to run, 0 after a usage error, 2 after printing the help. */
static int parse(int argc, char **argv, monitor_opts *o)
{
    /* Like env(1) and time(1): the first word that is not an option (or what follows "--")
     * starts the command, so "gpuinteg monitor python3 x.py" works without "--". */
    int rest = argc, help = 0;
    if (!gi_cli_options_parse(&gi_cli_monitor_command, argc, argv, o, &rest, &help))
        return 0;
    if (help) {
        gi_cli_options_help(&gi_cli_monitor_command, stdout);
        return 2;
    }
    if (rest < argc)
        o->cmd = argv + rest;
    if (o->cmd && !o->cmd[0])
        o->cmd = NULL;
    if (!o->cmd && o->mon.scope != GI_MONITOR_SCOPE_JOB) {
        gi_cli_error("monitor needs a command to run: gpuinteg monitor [options] -- CMD [ARGS...] "
                     "(or --job to watch the Slurm job it runs in)");
        return 0;
    }
    if (o->live_s && !o->mon.report) {
        gi_cli_error("--live %d rewrites the report while the job runs: give --report FILE too",
                     o->live_s);
        return 0;
    }
    if (o->mon.scope == GI_MONITOR_SCOPE_JOB) {
        const char *id = getenv("SLURM_JOB_ID");
        if (!id || !*id) {
            gi_cli_error("--job watches the Slurm job it runs in, but SLURM_JOB_ID is not set: run "
                         "it inside a job (sbatch script, salloc, srun)");
            return 0;
        }
    }
    return 1;
}

/* The child: waits until the monitor runs, then becomes the command. On failure it sends errno
 * through the close-on-exec pipe and exits 127. */
static void child(char **cmd, int go_fd, int err_fd, int take_terminal)
{
    /* Its own process group, as a shell makes a job: a signal forwarded to the group reaches
     * what the command starts too. On a terminal the group becomes the foreground one, so the
     * command reads the terminal and Ctrl-C reaches it directly. */
    setpgid(0, 0);
    if (take_terminal) {
        signal(SIGTTOU, SIG_IGN);
        tcsetpgrp(STDIN_FILENO, getpid());
        signal(SIGTTOU, SIG_DFL);
    }
    char byte;
    while (read(go_fd, &byte, 1) < 0 && errno == EINTR)
        ;
    close(go_fd);
    execvp(cmd[0], cmd);
    int e = errno;
    ssize_t unused = write(err_fd, &e, sizeof e);
    (void)unused;
    _exit(127);
}

static void print_json(monitor_opts *o, int status, double wall)
{
    cJSON *j = cJSON_CreateObject();
    cJSON *cmd = cJSON_AddArrayToObject(j, "command");
    for (char **a = o->cmd; *a; a++)
        cJSON_AddItemToArray(cmd, cJSON_CreateString(*a));
    if (WIFEXITED(status)) {
        cJSON_AddNumberToObject(j, "exit_code", WEXITSTATUS(status));
        cJSON_AddNullToObject(j, "signal");
    } else {
        cJSON_AddNumberToObject(j, "exit_code", 128 + WTERMSIG(status));
        cJSON_AddStringToObject(j, "signal", gi_cli_signal_name(WTERMSIG(status)));
    }
    cJSON_AddNumberToObject(j, "time_s", wall);
    gi_print_extra extra = gi_cli_run_monitor_extra(&o->mon);
    gi_cli_result_json_print(j, &extra);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void sleep_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* --live: the report rewritten every live_s seconds while the work runs. */
typedef struct live_state {
    double next;
    int failed; /* a rewrite failed (said once): no more */
} live_state;

static void live_tick(monitor_opts *o, live_state *l)
{
    if (!o->live_s || l->failed || now_s() < l->next)
        return;
    l->failed = gi_cli_monitor_write_live(&o->mon) != 0;
    l->next += o->live_s;
    if (l->next < now_s())
        l->next = now_s() + o->live_s;
}

/* Waits for the command, rewriting the live report meanwhile. */
static void wait_child(monitor_opts *o, pid_t pid, int *status)
{
    live_state l = {.next = now_s() + o->live_s};
    for (;;) {
        pid_t r = waitpid(pid, status, o->live_s ? WNOHANG : 0);
        if (r == pid || (r < 0 && errno != EINTR))
            return;
        if (r == 0) {
            live_tick(o, &l);
            sleep_s(0.05);
        }
    }
}

/* gpuinteg monitor --job without a command: the job until its other processes on this node
 * have ended (at once when it is the batch script's last step: the report covers the job so
 * far), or until SIGINT/SIGTERM/SIGHUP (the job's end at its time limit). */
static int watch_job(monitor_opts *o)
{
    gi_cli_signals_catch();
    int code = gi_cli_monitor_start(&o->mon);
    if (code != GI_EXIT_OK)
        return gi_cli_monitor_finish(&o->mon, code);
    live_state l = {.next = now_s() + o->live_s};
    double period = (o->mon.sample_ms ? o->mon.sample_ms : GI_MONITOR_SAMPLE_MS_DEFAULT) / 1000.0;
    if (period < 0.1)
        period = 0.1;
    while (!gi_cli_signals_caught() && gi_monitor_job_processes(o->mon.m) != 0) {
        live_tick(o, &l);
        sleep_s(period);
    }
    int sig = gi_cli_signals_caught();
    gi_cli_monitor_stop(&o->mon, sig);
    char name[96];
    snprintf(name, sizeof name, "Slurm job %s", getenv("SLURM_JOB_ID"));
    gi_cli_monitor_workload(&o->mon, name, NULL, 0, 0);
    int reports = gi_cli_monitor_merge_tasks(&o->mon);
    if (!o->quiet && reports)
        gi_cli_monitor_print(&o->mon, stderr);
    if (o->json && reports) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "job", getenv("SLURM_JOB_ID"));
        if (sig)
            cJSON_AddStringToObject(j, "signal", gi_cli_signal_name(sig));
        else
            cJSON_AddNullToObject(j, "signal");
        gi_print_extra extra = gi_cli_run_monitor_extra(&o->mon);
        gi_cli_result_json_print(j, &extra);
    }
    code = gi_cli_monitor_finish(&o->mon, GI_EXIT_OK);
    return sig ? 128 + sig : code;
}

int gi_cmd_monitor(int argc, char **argv)
{
    monitor_opts o = {0};
    int parsed = parse(argc, argv, &o);
    if (parsed != 1)
        return parsed == 2 ? GI_EXIT_OK : GI_EXIT_USAGE;
    int code = gi_cli_monitor_prepare(&o.mon);
    if (code != GI_EXIT_OK)
        return code;
    if (!o.cmd)
        return watch_job(&o);

    /* Descendants orphaned by the command are re-parented to us, stay in the measured tree,
     * and their CPU time reaches us when they are reaped. */
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    int go[2], err[2];
    if (pipe2(go, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
        gi_cli_error("cannot start '%s': pipe: %s", o.cmd[0], strerror(errno));
        return gi_cli_monitor_finish(&o.mon, GI_EXIT_RUNTIME);
    }
    /* Signals wait until the child's pid is known to the forwarding handler. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    sigprocmask(SIG_BLOCK, &block, &old);
    gi_monitor_blas blas;
    gi_monitor_blas_prepare(&blas);
    fflush(NULL);
    int own_terminal = isatty(STDIN_FILENO) && tcgetpgrp(STDIN_FILENO) == getpgrp();
    pid_t pid = fork();
    if (pid < 0) {
        int e = errno;
        gi_monitor_blas_collect(&blas, NULL, NULL);
        sigprocmask(SIG_SETMASK, &old, NULL);
        gi_cli_error("cannot start '%s': fork: %s", o.cmd[0], strerror(e));
        return gi_cli_monitor_finish(&o.mon, GI_EXIT_RUNTIME);
    }
    if (pid == 0) {
        sigprocmask(SIG_SETMASK, &old, NULL);
        close(go[1]);
        close(err[0]);
        child(o.cmd, go[0], err[1], own_terminal);
    }
    close(go[0]);
    close(err[1]);
    setpgid(pid, pid); /* as the child does: whichever runs first */
    gi_cli_signals_forward(pid);
    sigprocmask(SIG_SETMASK, &old, NULL);

    code = gi_cli_monitor_attach(&o.mon, pid);
    if (code == GI_EXIT_OK)
        code = gi_cli_monitor_start(&o.mon);
    double start = now_s();
    /* Closing the pipe releases the child (and, if the monitor failed, lets it run anyway
     * rather than leave it blocked: its exit status is still passed through). */
    close(go[1]);

    int exec_errno = 0;
    ssize_t n;
    while ((n = read(err[0], &exec_errno, sizeof exec_errno)) < 0 && errno == EINTR)
        ;
    close(err[0]);
    int status = 0;
    wait_child(&o, pid, &status);
    double wall = now_s() - start;
    if (own_terminal) {
        /* The terminal back to our group, which is in the background until then. */
        signal(SIGTTOU, SIG_IGN);
        tcsetpgrp(STDIN_FILENO, getpgrp());
        signal(SIGTTOU, SIG_DFL);
    }
    /* Orphans that already ended are reaped, so their CPU time is counted. */
    while (waitpid(-1, NULL, WNOHANG) > 0)
        ;
    if (code != GI_EXIT_OK) {
        gi_monitor_blas_collect(&blas, NULL, NULL);
        return gi_cli_monitor_finish(&o.mon, code);
    }

    gi_cli_monitor_stop(&o.mon, 0);
    if (n == (ssize_t)sizeof exec_errno) {
        gi_cli_error("cannot run '%s': %s", o.cmd[0], strerror(exec_errno));
        gi_monitor_blas_collect(&blas, NULL, NULL);
        o.mon.report = NULL; /* nothing ran: no report */
        gi_cli_monitor_finish(&o.mon, GI_EXIT_OK);
        /* As the shells and env(1) report it. */
        return exec_errno == ENOENT ? 127 : 126;
    }
    int child_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);

    char line[2048] = "";
    size_t len = 0;
    for (char **a = o.cmd; *a && len + 2 < sizeof line; a++)
        len += (size_t)snprintf(line + len, sizeof line - len, "%s%s", len ? " " : "", *a);
    gi_cli_monitor_workload(&o.mon, line, NULL, 0, 0);
    if (WIFEXITED(status))
        gi_cli_monitor_info(&o.mon, "exit status", "%d", WEXITSTATUS(status));
    else
        gi_cli_monitor_info(&o.mon, "exit status", "killed by %s (%d)",
                            gi_cli_signal_name(WTERMSIG(status)), child_code);
    gi_cli_monitor_info(&o.mon, "wall time", "%.3f s", wall);
    if (gi_cli_signals_caught())
        gi_monitor_set_interrupted(o.mon.m, gi_cli_signals_caught());

    /* srun -n N gpuinteg monitor: task 0 speaks for the step. */
    int reports = gi_cli_monitor_merge_tasks(&o.mon);
    if (!o.quiet && reports)
        gi_cli_monitor_print(&o.mon, stderr);
    /* After the summary, before the report and --json: the lines go into both. */
    gi_monitor_blas_collect(&blas, &o.mon, o.quiet || !reports ? NULL : stderr);
    if (o.json && reports)
        print_json(&o, status, wall);
    code = gi_cli_monitor_finish(&o.mon, GI_EXIT_OK);
    /* The command's status wins; a report that could not be written turns success into 1. */
    return child_code != 0 ? child_code : code;
}
