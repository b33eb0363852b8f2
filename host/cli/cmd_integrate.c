/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg [integrate]: the midpoint integral of sin(x+y), printed as the course's programs
 * print it, or as one JSON object.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_monitor.h"
#include "cli_options.h"
#include "cli_run.h"
#include "cli_signals.h"
#include "integrate_cmd.h"
#include "mpi_dispatch.h"

/* -n N: both axes. */
static int parse_cells(const char *opt, const char *value, void *field)
{
    gi_integrate_params *p = field;
    if (!gi_cli_parse_int64(opt, value, 1, GI_INTEGRATE_MAX_CELLS, &p->nx))
        return 0;
    p->ny = p->nx;
    return 1;
}

static int parse_bounds(const char *opt, const char *value, void *field)
{
    gi_integrate_params *p = field;
    double b[4];
    if (!gi_cli_parse_bounds(opt, value, b))
        return 0;
    p->x0 = b[0];
    p->x1 = b[1];
    p->y0 = b[2];
    p->y1 = b[3];
    return 1;
}

/* --sine gi|libm. */
static int parse_sine(const char *opt, const char *value, void *field)
{
    gi_sine_kind *sine = field;
    if (strcmp(value, gi_sine_kind_name(GI_SINE_GI)) == 0)
        *sine = GI_SINE_GI;
    else if (strcmp(value, gi_sine_kind_name(GI_SINE_LIBM)) == 0)
        *sine = GI_SINE_LIBM;
    else {
        gi_cli_error("%s '%.64s' must be gi or libm", opt, value);
        return 0;
    }
    return 1;
}

/* --param NAME=VALUE, repeatable: the split and the number here; the name's rules are the
 * library's (gi_integrand_from_expression says what is wrong with it). field is the options. */
static int parse_param(const char *opt, const char *text, void *field)
{
    gi_integrate_opts *o = field;
    const char *eq = strchr(text, '=');
    if (!eq || eq == text) {
        gi_cli_error("%s '%.64s' must be NAME=VALUE, e.g. a=1.5", opt, text);
        return 0;
    }
    if (o->nparams >= GI_EXPRESSION_MAX_PARAMS) {
        gi_cli_error("%s: at most %d parameters", opt, GI_EXPRESSION_MAX_PARAMS);
        return 0;
    }
    size_t len = (size_t)(eq - text);
    if (len >= sizeof o->param_names[0]) {
        gi_cli_error("%s '%.40s…': the name is longer than %zu characters", opt, text,
                     sizeof o->param_names[0] - 1);
        return 0;
    }
    char *end;
    errno = 0;
    double v = strtod(eq + 1, &end);
    if (end == eq + 1 || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        gi_cli_error("%s %.*s: value '%.64s' is not a finite number", opt, (int)len, text, eq + 1);
        return 0;
    }
    memcpy(o->param_names[o->nparams], text, len);
    o->param_names[o->nparams][len] = '\0';
    o->param_values[o->nparams++] = v;
    return 1;
}

static const gi_cli_option options[] = {
    GI_CLI_OPT_DEVICE(gi_integrate_opts),
    {.name = "-n",
     .alt = "--n",
     .kind = GI_OPT_CUSTOM,
     .offset = offsetof(gi_integrate_opts, p),
     .metavar = "N",
     .what = "cells per axis",
     .parse = parse_cells,
     .help = "cells per axis, 1 to 1000000000 (default 10000)"},
    {.name = "--nx",
     .kind = GI_OPT_INT64,
     .offset = offsetof(gi_integrate_opts, p.nx),
     .min = 1,
     .max = GI_INTEGRATE_MAX_CELLS,
     .metavar = "N",
     .what = "cells along x",
     .help = "cells along x"},
    {.name = "--ny",
     .kind = GI_OPT_INT64,
     .offset = offsetof(gi_integrate_opts, p.ny),
     .min = 1,
     .max = GI_INTEGRATE_MAX_CELLS,
     .metavar = "N",
     .what = "cells along y",
     .help = "cells along y"},
    {.name = "--bounds",
     .kind = GI_OPT_CUSTOM,
     .offset = offsetof(gi_integrate_opts, p),
     .metavar = "X0,X1,Y0,Y1",
     .what = "X0,X1,Y0,Y1",
     .parse = parse_bounds,
     .help = "the rectangle, finite numbers with X0 < X1 and Y0 < Y1 (default 0,pi,0,pi)"},
    {.name = "--f",
     .alt = "-f",
     .kind = GI_OPT_STRING,
     .offset = offsetof(gi_integrate_opts, f),
     .metavar = "EXPR",
     .what = "an expression in x and y, e.g. 'exp(-x*x)*cos(y)'",
     .help = "integrate EXPR instead of sin(x+y): numbers, x, y, parameters, + - * / ^,\n"
             "( ), sin cos tan asin acos atan atan2 sinh cosh tanh exp expm1 log log1p\n"
             "log2 log10 sqrt cbrt pow hypot fabs floor ceil fmin fmax erf erfc tgamma\n"
             "lgamma, if(a < b, then, else) with < <= > >= == !=; at most 4096 characters"},
    {.name = "--param",
     .alt = "-p",
     .kind = GI_OPT_CUSTOM,
     .offset = 0,
     .metavar = "NAME=VALUE",
     .what = "NAME=VALUE",
     .parse = parse_param,
     .help = "a parameter of --f (repeatable, at most 32)"},
    {.name = "--rule",
     .kind = GI_OPT_STRING,
     .offset = offsetof(gi_integrate_opts, rule),
     .metavar = "R",
     .what = "midpoint, simpson or gauss:K",
     .help = "midpoint (default), simpson or gauss:K (K <= 20); prints error_estimate,\n"
             "|I(h) - I(2h)| against the same rule on half the cells per axis"},
    {.name = "--sine",
     .kind = GI_OPT_CUSTOM,
     .offset = offsetof(gi_integrate_opts, sine),
     .metavar = "S",
     .what = "gi or libm",
     .parse = parse_sine,
     .help = "gi (default): gpuinteg's sine and an exact fixed-point sum, the same bits on\n"
             "every backend, thread and rank count (|x+y| <= 1048576); libm: the platform's\n"
             "sine (libmvec, OpenCL's sin, the CUDA kernel's) and compensated sums"},
    GI_CLI_OPT_THREADS(gi_integrate_opts),
    GI_CLI_OPT_REPEAT(gi_integrate_opts),
    GI_CLI_OPT_JSON(gi_integrate_opts),
    {.name = "--quiet",
     .alt = "-q",
     .kind = GI_OPT_FLAG,
     .offset = offsetof(gi_integrate_opts, quiet),
     .min = 1,
     .help = "only the value and time lines"},
    GI_CLI_OPT_MPI(gi_integrate_opts),
    GI_CLI_OPT_MONITOR(gi_integrate_opts),
};

const gi_cli_command gi_cli_integrate_command = {
    .name = "integrate",
    .synopsis = "[integrate] [--device D] [-n N | --nx N --ny N] [--bounds X0,X1,Y0,Y1]\n"
                "                [--sine gi|libm] [--f EXPR [--param NAME=VALUE ...]] [--rule R]\n"
                "                [--threads T] [--repeat R] [--json] [--quiet] [--mpi | --no-mpi]\n"
                "                [--share-gpus] [--report FILE.html|.json|.csv] [--sample-ms MS]",
    .description =
        "integrate  midpoint rule of sin(x+y) over [X0,X1]x[Y0,Y1] (default [0,pi]^2) on an N x N\n"
        "           grid (default 10000), every sine evaluated; an exact sum of gpuinteg's own\n"
        "           sine, so the value has the same bits on every backend and for any --threads\n"
        "           or rank count. With --f, the user's integrand under --rule, with an error\n"
        "           estimate.",
    .options = options,
    .noptions = sizeof options / sizeof options[0],
    .run = gi_cmd_integrate,
};

int gi_integrate_opts_parse(int argc, char **argv, gi_integrate_opts *o, int *help)
{
    return gi_cli_options_parse(&gi_cli_integrate_command, argc, argv, o, NULL, help);
}

void gi_integrate_json_grid(cJSON *j, const gi_integrate_opts *o, int threads, double value)
{
    cJSON_AddNumberToObject(j, "nx", (double)o->p.nx);
    cJSON_AddNumberToObject(j, "ny", (double)o->p.ny);
    const double b[4] = {o->p.x0, o->p.x1, o->p.y0, o->p.y1};
    cJSON_AddItemToObject(j, "bounds", cJSON_CreateDoubleArray(b, 4));
    cJSON_AddNumberToObject(j, "threads", threads);
    if (!gi_integrate_opts_function(o)) {
        cJSON_AddStringToObject(j, "sine", gi_sine_kind_name(o->sine));
        cJSON_AddStringToObject(j, "sum", gi_sine_kind_sum(o->sine));
    }
    gi_cli_result_json_double(j, "value", value);
}

void gi_integrate_json_times(cJSON *j, const gi_integrate_opts *o, uint64_t evaluations,
                             double best, double median)
{
    cJSON_AddNumberToObject(j, "evaluations", (double)evaluations);
    cJSON_AddNumberToObject(j, "repeat", o->repeat);
    cJSON_AddNumberToObject(j, "time_s", best);
    cJSON_AddNumberToObject(j, "time_median_s", median);
}

static void print_json(const gi_integrate_opts *o, const gi_integrate_result *r,
                       const gi_device_info *dev, const char *why, double best, double median,
                       double setup_s, const gi_print_extra *extra)
{
    cJSON *j = gi_cli_result_json("integrate", r->backend, r->device, dev, why);
    gi_integrate_json_grid(j, o, r->threads, r->value);
    gi_cli_result_json_double(j, "exact", r->exact);
    gi_cli_result_json_double(j, "error", r->error);
    gi_integrate_json_times(j, o, r->evaluations, best, median);
    cJSON_AddNumberToObject(j, "setup_s", setup_s);
    cJSON_AddNumberToObject(j, "kernel_time_s", r->kernel_time_s);
    cJSON_AddNumberToObject(j, "transfer_time_s", r->transfer_time_s);
    cJSON_AddNumberToObject(j, "evaluations_per_s",
                            r->kernel_time_s > 0 ? (double)r->evaluations / r->kernel_time_s : 0);
    gi_cli_result_json_print(j, extra);
}

void gi_integrate_kernel_line(double kernel_time_s, uint64_t evaluations, const char *what)
{
    printf("Kernel: %.4f s, %.3g evaluations/s, %llu evaluations%s\n", kernel_time_s,
           kernel_time_s > 0 ? (double)evaluations / kernel_time_s : 0.0,
           (unsigned long long)evaluations, what);
}

static void print_human(const gi_integrate_opts *o, const gi_integrate_result *r,
                        const gi_device_info *dev, const char *why, double best, double median,
                        double setup_s, const gi_print_extra *extra)
{
    printf("Integral value is %e, Error is %e\n", r->value, r->error);
    printf("Time spent: %.2f sec\n", best);
    if (o->quiet)
        return;
    gi_cli_result_backend_lines(o->repeat, best, median, r->backend, r->device, dev, r->threads,
                                why);
    gi_integrate_kernel_line(r->kernel_time_s, r->evaluations, "");
    gi_cli_result_setup_line(setup_s);
    if (extra && extra->human)
        extra->human(extra->arg, stdout);
}

void gi_integrate_print(const gi_integrate_opts *o, const gi_integrate_result *r,
                        const gi_device_info *dev, const char *why, double best, double median,
                        double setup_s, const gi_print_extra *extra)
{
    if (o->json)
        print_json(o, r, dev, why, best, median, setup_s, extra);
    else
        print_human(o, r, dev, why, best, median, setup_s, extra);
}

/* The run's parameters and result, for the report. */
static void describe_run(gi_integrate_opts *o, const gi_integrate_result *r, int done, double best,
                         double median)
{
    gi_cli_monitor *m = &o->mon;
    gi_cli_monitor_info(m, "grid", "%lld x %lld cells", (long long)o->p.nx, (long long)o->p.ny);
    gi_cli_monitor_info(m, "bounds", "[%.17g, %.17g] x [%.17g, %.17g]", o->p.x0, o->p.x1, o->p.y0,
                        o->p.y1);
    gi_cli_monitor_info(m, "runs", "%d of %d", done, o->repeat);
    if (done == 0)
        return;
    gi_cli_monitor_info(m, "value", "%.17g", r->value);
    gi_cli_monitor_info(m, "error", "%.3e", r->error);
    gi_cli_monitor_info(m, "time (best)", "%.4f s", best);
    if (done > 1)
        gi_cli_monitor_info(m, "time (median)", "%.4f s", median);
    gi_cli_monitor_info(m, "evaluations/s", "%.3g",
                        r->kernel_time_s > 0 ? (double)r->evaluations / r->kernel_time_s : 0.0);
}

/* CPU threads the selected device runs (for the monitor's warnings): the result's when a run
 * finished, else the setting for the openmp backend, 1 for the others' host side. */
static int threads_of(gi_context *ctx, const gi_device_info *dev, const gi_integrate_result *r,
                      int done)
{
    if (done > 0)
        return r->threads;
    (void)dev;
    return gi_context_device_threads(ctx);
}

int gi_cmd_integrate(int argc, char **argv)
{
    gi_integrate_opts o = {.device = "auto", .repeat = 1, .mpi = GI_MPI_AUTO};
    gi_integrate_params_default(&o.p);
    gi_cli_mpi_mute_usage(argc, argv);
    int help = 0, parsed = gi_integrate_opts_parse(argc, argv, &o, &help);
    int code = gi_cli_run_parsed(&gi_cli_integrate_command, parsed, help);
    if (code >= 0)
        return code;
    if (gi_cli_mpi_dispatch(o.mpi, o.quiet, GI_CLI_MPI_COMMAND(gi_cmd_integrate_mpi), &o, &code))
        return code;
    if (gi_integrate_opts_function(&o))
        return gi_cmd_integrate_function(&o);
    gi_context *ctx;
    if ((code = gi_cli_run_open(&o.mon, &ctx)) != GI_EXIT_OK)
        return code;
    gi_status st = GI_STATUS_OK;
    double *times = calloc((size_t)o.repeat, sizeof *times);
    gi_integrate_result r;
    memset(&r, 0, sizeof r);
    gi_device_info dev;
    const char *why = "";
    int done = 0, sig = 0;
    double busy = 0, setup_s = 0;
    if (!times) {
        gi_cli_error("out of memory for %d timings", o.repeat);
        code = GI_EXIT_RUNTIME;
        goto done;
    }
    if ((st = gi_cli_run_select(ctx, o.device, o.threads, &dev, &why)) != GI_STATUS_OK ||
        (st = gi_integrate_set_sine(ctx, o.sine)) != GI_STATUS_OK ||
        (st = gi_cli_run_prepare(ctx, GI_WORKLOAD_INTEGRATE, &o.mon, &setup_s)) != GI_STATUS_OK)
        goto fail;
    if ((code = gi_cli_monitor_start(&o.mon)) != GI_EXIT_OK)
        goto done;
    for (int k = 0; k < o.repeat && !gi_cli_signals_caught(); k++) {
        /* A failed call zeroes its result: r keeps the last good one. */
        gi_integrate_result this_run;
        st = gi_integrate(ctx, &o.p, &this_run);
        if (st != GI_STATUS_OK)
            break;
        r = this_run;
        times[k] = r.time_s;
        busy += r.kernel_time_s;
        done++;
    }
    sig = gi_cli_signals_caught();
    gi_cli_monitor_workload(&o.mon, "integrate", &dev, threads_of(ctx, &dev, &r, done), busy);
    gi_cli_monitor_stop(&o.mon, sig);
    if (st != GI_STATUS_OK && !sig)
        goto fail;

    double best, median;
    gi_cli_best_median(times, done, &best, &median);
    describe_run(&o, &r, done, best, median);
    if (!gi_cli_run_interrupted(&o.mon, "integrate", &dev, sig, done, o.repeat, o.json, o.quiet)) {
        gi_print_extra extra = gi_cli_run_monitor_extra(&o.mon);
        gi_integrate_print(&o, &r, &dev, why, best, median, setup_s, &extra);
    }
    code = sig ? 128 + sig : GI_EXIT_OK;
    goto done;
fail:
    code = gi_cli_run_failed(ctx, st);
done:
    free(times);
    return gi_cli_run_close(ctx, &o.mon, code);
}
