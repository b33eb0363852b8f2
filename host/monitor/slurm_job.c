/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The job's facts from Slurm's environment variables and, for the time limit, squeue.
 */
#include "monitor/slurm_job.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "monitor/command_output.h"

static void copy_env(char *dst, size_t size, const char *name)
{
    const char *v = getenv(name);
    snprintf(dst, size, "%s", v ? v : "");
}

static int env_int(const char *name, int fallback)
{
    const char *v = getenv(name);
    char *end;
    if (!v || !*v)
        return fallback;
    long x = strtol(v, &end, 10);
    return *end || x < 0 || x > 1000000 ? fallback : (int)x;
}

double gi_slurm_duration(const char *t)
{
    if (!t)
        return -2;
    while (*t == ' ')
        t++;
    if (strncmp(t, "UNLIMITED", 9) == 0 || strncmp(t, "INFINITE", 8) == 0)
        return -1;
    double days = 0, parts[3] = {0, 0, 0};
    char *end;
    const char *dash = strchr(t, '-');
    if (dash) {
        days = strtod(t, &end);
        if (end != dash || days < 0)
            return -2;
        t = dash + 1;
    }
    int n = 0;
    while (n < 3) {
        if (*t < '0' || *t > '9')
            return -2;
        parts[n++] = strtod(t, &end);
        if (*end != ':')
            break;
        t = end + 1;
    }
    if (*end && *end != '\n' && *end != '|' && *end != ',' && *end != ' ')
        return -2;
    double s;
    if (dash) /* days-hours[:minutes[:seconds]] */
        s = parts[0] * 3600 + parts[1] * 60 + parts[2];
    else if (n == 3)
        s = parts[0] * 3600 + parts[1] * 60 + parts[2];
    else if (n == 2)
        s = parts[0] * 60 + parts[1];
    else /* a bare number is minutes, as sbatch -t reads it */
        s = parts[0] * 60;
    return days * 86400 + s;
}

int gi_slurm_per_node(const char *list, int node)
{
    if (!list || node < 0)
        return 0;
    const char *p = list;
    while (*p) {
        char *end;
        long count = strtol(p, &end, 10), reps = 1;
        if (end == p || count < 0)
            return 0;
        p = end;
        if (strncmp(p, "(x", 2) == 0) {
            reps = strtol(p + 2, &end, 10);
            if (end == p + 2 || *end != ')' || reps < 1)
                return 0;
            p = end + 1;
        }
        if (node < reps)
            return count > 1000000 ? 0 : (int)count;
        node -= (int)reps;
        if (*p == ',')
            p++;
        else if (*p)
            return 0;
    }
    return 0;
}

/* "2026-12-07T16:10:00" (local time) as a time_t; 0 when malformed. */
static time_t slurm_clock(const char *t)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    const char *end = strptime(t, "%Y-%m-%dT%H:%M:%S", &tm);
    if (!end)
        return 0;
    tm.tm_isdst = -1;
    time_t v = mktime(&tm);
    return v == (time_t)-1 ? 0 : v;
}

static void times_from_env(gi_slurm_job *j)
{
    const char *start = getenv("SLURM_JOB_START_TIME"), *stop = getenv("SLURM_JOB_END_TIME");
    char *e1, *e2;
    long long s = start ? strtoll(start, &e1, 10) : 0, t = stop ? strtoll(stop, &e2, 10) : 0;
    if (!start || !stop || *e1 || *e2 || s <= 0 || t < s)
        return;
    j->start = (time_t)s;
    /* Slurm sets the end a year ahead for an unlimited job. */
    j->time_limit_s = (double)(t - s) >= 365.0 * 86400 ? -1 : (double)(t - s);
    snprintf(j->time_from, sizeof j->time_from, "SLURM_JOB_START_TIME/_END_TIME");
}

static void times_from_squeue(gi_slurm_job *j)
{
    char out[512];
    char *argv[] = {"squeue", "-h", "-j", j->id, "-o", "%l|%S", NULL};
    if (gi_command_output(argv, out, sizeof out, 5.0) != 0)
        return;
    char *bar = strchr(out, '|');
    if (!bar)
        return;
    *bar = '\0';
    double limit = gi_slurm_duration(out);
    if (limit == -2)
        return;
    j->time_limit_s = limit;
    j->start = slurm_clock(bar + 1);
    snprintf(j->time_from, sizeof j->time_from, "squeue");
}

void gi_slurm_job_read(gi_slurm_job *j, int ask_squeue)
{
    memset(j, 0, sizeof *j);
    j->tasks = j->tasks_on_node = 1;
    const char *id = getenv("SLURM_JOB_ID");
    if (!id || !*id || strspn(id, "0123456789_") != strlen(id) || strlen(id) >= sizeof j->id)
        return;
    j->in_job = 1;
    snprintf(j->id, sizeof j->id, "%s", id);
    copy_env(j->name, sizeof j->name, "SLURM_JOB_NAME");
    copy_env(j->account, sizeof j->account, "SLURM_JOB_ACCOUNT");
    copy_env(j->partition, sizeof j->partition, "SLURM_JOB_PARTITION");
    copy_env(j->nodelist, sizeof j->nodelist, "SLURM_JOB_NODELIST");
    copy_env(j->user, sizeof j->user, "SLURM_JOB_USER");
    j->cpus_on_node = env_int("SLURM_CPUS_ON_NODE", 0);

    const char *step = getenv("SLURM_STEP_ID");
    if (step && *step && strspn(step, "0123456789") == strlen(step) &&
        strlen(step) < sizeof j->step_id) {
        j->in_step = 1;
        snprintf(j->step_id, sizeof j->step_id, "%s", step);
        j->task = env_int("SLURM_PROCID", 0);
        j->tasks = env_int("SLURM_STEP_NUM_TASKS", env_int("SLURM_NTASKS", 1));
        if (j->tasks < 1)
            j->tasks = 1;
        j->node = env_int("SLURM_NODEID", 0);
        int here = gi_slurm_per_node(getenv("SLURM_STEP_TASKS_PER_NODE"), j->node);
        j->tasks_on_node = here > 0 ? here : 1;
    }
    times_from_env(j);
    if (!j->time_from[0] && ask_squeue)
        times_from_squeue(j);
}

void gi_slurm_job_times(gi_slurm_job *j)
{
    if (j->in_job && !j->time_from[0])
        times_from_squeue(j);
}
