/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/cli/cli_tasks.h — one report for the tasks of an srun step (srun -n N gpuinteg monitor
 * --report FILE -- CMD): each task measures its own process tree against its own share, puts
 * its record in a folder next to the report, and task 0 adds every task's record to its
 * monitor and writes the job's report, once. A report name with %t gives each task a file of
 * its own instead (see gi_cli_report_expand).
 */
#ifndef GI_CLI_TASKS_H
#define GI_CLI_TASKS_H

#include <limits.h>
#include <stddef.h>

#include "cli.h"

typedef struct gi_cli_tasks {
    int active;         /* this process is one of several tasks that share one report */
    int task, tasks;    /* SLURM_PROCID, SLURM_STEP_NUM_TASKS */
    int node;           /* SLURM_NODEID */
    char dir[PATH_MAX]; /* where the records meet */
} gi_cli_tasks;

/*
 * Expands the report name's placeholders into out: %j the job id, %s the step id, %t the
 * task (SLURM_PROCID), %N the host's short name, %% a percent sign. Returns 1, or prints one
 * line and returns 0 for an unknown placeholder, %j/%s outside a Slurm job (or step), or a
 * name too long.
 */
int gi_cli_report_expand(const char *path, char *out, size_t size);

/* Decides from the Slurm environment whether this process shares the report `expanded` with
 * the other tasks of its step (original: the name as the user wrote it: %t means a file per
 * task). */
void gi_cli_tasks_setup(gi_cli_tasks *t, const char *original, const char *expanded);

/*
 * After the monitor stopped: a task other than 0 leaves its record and returns 0 (it writes no
 * report). Task 0 leaves its own, waits until every task's record is there (at most wait_s
 * seconds; GPUINTEG_TASK_WAIT_S overrides), adds them all to m, notes missing tasks in the run
 * table, removes the folder and returns 1 (it writes the job's report). Returns -1 after one
 * line on stderr when the folder cannot be used.
 */
int gi_cli_tasks_merge(gi_cli_tasks *t, gi_monitor *m, double wait_s);

#endif /* GI_CLI_TASKS_H */
