/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/cli/cli_monitor.h — the utilization monitor as the commands use it: the --report and
 * --sample-ms options, the check of the report path before the run, the summary after it,
 * the "utilization" JSON field, and the report file. A command adds the monitor with a few
 * calls:
 *
 *     parse:   GI_CLI_OPT_MONITOR(opts_type) in the command's option table (cli_options.h)
 *     before:  if ((code = gi_cli_monitor_prepare(&o.mon)) != 0) return code;
 *              ... gi_cli_monitor_start(&o.mon) just before the work ...
 *     after:   gi_cli_monitor_workload(…); gi_cli_monitor_stop(&o.mon, signal);
 *              gi_cli_monitor_print(&o.mon, stdout) or gi_cli_monitor_add_json(&o.mon, obj);
 *              code = gi_cli_monitor_finish(&o.mon, code);
 */
#ifndef GI_CLI_MONITOR_H
#define GI_CLI_MONITOR_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "cli.h"
#include "cli_tasks.h"

typedef struct gi_cli_monitor {
    const char *report; /* --report FILE (placeholders expanded by prepare), or NULL */
    int sample_ms;      /* --sample-ms, 0 for the default */
    int scope;          /* GI_MONITOR_SCOPE_*: gpuinteg monitor --job */
    gi_monitor *m;      /* from gi_cli_monitor_prepare until gi_cli_monitor_finish */
    int started;        /* gi_cli_monitor_start succeeded: there is something to report */
    int no_report;      /* a task of an srun step other than 0: task 0 writes the report */
    gi_cli_tasks tasks; /* the step's tasks that share the report */
    char report_buf[PATH_MAX];
} gi_cli_monitor;

/* Creates the monitor and checks that the report can be written: returns GI_EXIT_OK, or
 * prints one line and returns GI_EXIT_USAGE (bad report path) or GI_EXIT_RUNTIME. */
int gi_cli_monitor_prepare(gi_cli_monitor *cm);

/* Measures process pid and its descendants instead of this process (before start). Returns
 * GI_EXIT_OK or prints one line and returns GI_EXIT_RUNTIME. */
int gi_cli_monitor_attach(gi_cli_monitor *cm, int pid);

/* Starts sampling; records this program's command line for the report. Returns GI_EXIT_OK
 * or prints one line and returns GI_EXIT_RUNTIME. */
int gi_cli_monitor_start(gi_cli_monitor *cm);

/* For a task of an srun step that shares its report with the other tasks (after stop and
 * workload): task 0 gathers every task's record into its monitor and returns 1 (it prints the
 * job's summary and writes the report); other tasks leave their record and return 0 (they stay
 * quiet). Returns 1 when the process is not such a task. */
int gi_cli_monitor_merge_tasks(gi_cli_monitor *cm);

/* Writes the report now, while the monitor runs (marked partial): --live. Returns 0, or -1
 * after one line on stderr. */
int gi_cli_monitor_write_live(gi_cli_monitor *cm);

/* Says what ran: the selected device, the CPU threads, the device busy time summed over the
 * runs. */
void gi_cli_monitor_workload(gi_cli_monitor *cm, const char *name, const gi_device_info *dev,
                             int threads, double busy_time_s);

/* Adds a line to the report's run table (printf format). */
void gi_cli_monitor_info(gi_cli_monitor *cm, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Stops sampling; signo ≠ 0 records that the run was interrupted by that signal. */
void gi_cli_monitor_stop(gi_cli_monitor *cm, int signo);

/* Prints the summary lines to out. */
void gi_cli_monitor_print(gi_cli_monitor *cm, FILE *out);

/* Adds the "utilization" object to a JSON object. */
void gi_cli_monitor_add_json(gi_cli_monitor *cm, cJSON *obj);

/* Writes the report if one was asked for and the monitor ran, and frees the monitor (a run
 * that failed before the work started leaves no report). Returns code, or
 * GI_EXIT_RUNTIME (after one line on stderr) when the report could not be written and code
 * was GI_EXIT_OK. Safe to call when prepare failed or was never called. */
int gi_cli_monitor_finish(gi_cli_monitor *cm, int code);

/* The name of a signal ("SIGTERM"), for messages. */
const char *gi_cli_signal_name(int signo);

#endif /* GI_CLI_MONITOR_H */
