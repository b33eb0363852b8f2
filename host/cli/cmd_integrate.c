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
#include "cli_signals.h"
#include "integrate_cmd.h"
#include "mpi_dispatch.h"

/* --param NAME=VALUE: the split and the number here; the name's rules are the library's
 * (gi_integrand_from_expression says what is wrong with it). */
static int parse_param(const char *text, gi_integrate_opts *o)
{
    const char *eq = strchr(text, '=');
    if (!eq || eq == text) {
        gi_cli_error("--param '%.64s' must be NAME=VALUE, e.g. a=1.5", text);
        return 0;
    }
    if (o->nparams >= GI_EXPRESSION_MAX_PARAMS) {
        gi_cli_error("--param: at most %d parameters", GI_EXPRESSION_MAX_PARAMS);
        return 0;
    }
    size_t len = (size_t)(eq - text);
    if (len >= sizeof o->param_names[0]) {
        gi_cli_error("--param '%.40s…': the name is longer than %zu characters", text,
                     sizeof o->param_names[0] - 1);
        return 0;
    }
    char *end;
    errno = 0;
    double v = strtod(eq + 1, &end);
    if (end == eq + 1 || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        gi_cli_error("--param %.*s: value '%.64s' is not a finite number", (int)len, text, eq + 1);
        return 0;
    }
    memcpy(o->param_names[o->nparams], text, len);
    o->param_names[o->nparams][len] = '\0';
    o->param_values[o->nparams++] = v;
    return 1;
}

int gi_integrate_opts_parse(int argc, char **argv, gi_integrate_opts *o)
{
    gi_cli_args a = {.argc = argc, .argv = argv, .i = -1};
    const char *v;
    int ok;
    while (gi_cli_next(&a)) {
        if (gi_cli_monitor_option(&a, &o->mon, &ok)) {
            if (!ok)
                return 0;
        } else if (gi_cli_is(&a, "--device", "-d")) {
            if (!(v = gi_cli_value(&a, "auto, serial, openmp, opencl[:P[:D]] or cuda[:D]")))
                return 0;
            o->device = v;
        } else if (gi_cli_is(&a, "-n", "--n")) {
            if (!(v = gi_cli_value(&a, "cells per axis")) ||
                !gi_cli_parse_int64("-n", v, 1, GI_INTEGRATE_MAX_CELLS, &o->p.nx))
                return 0;
            o->p.ny = o->p.nx;
        } else if (gi_cli_is(&a, "--nx", NULL)) {
            if (!(v = gi_cli_value(&a, "cells along x")) ||
                !gi_cli_parse_int64("--nx", v, 1, GI_INTEGRATE_MAX_CELLS, &o->p.nx))
                return 0;
        } else if (gi_cli_is(&a, "--ny", NULL)) {
            if (!(v = gi_cli_value(&a, "cells along y")) ||
                !gi_cli_parse_int64("--ny", v, 1, GI_INTEGRATE_MAX_CELLS, &o->p.ny))
                return 0;
        } else if (gi_cli_is(&a, "--bounds", NULL)) {
            double b[4];
            if (!(v = gi_cli_value(&a, "X0,X1,Y0,Y1")) || !gi_cli_parse_bounds("--bounds", v, b))
                return 0;
            o->p.x0 = b[0];
            o->p.x1 = b[1];
            o->p.y0 = b[2];
            o->p.y1 = b[3];
        } else if (gi_cli_is(&a, "--threads", "-t")) {
            if (!(v = gi_cli_value(&a, "CPU threads")) ||
                !gi_cli_parse_int("--threads", v, 1, GI_MAX_THREADS, &o->threads))
                return 0;
        } else if (gi_cli_is(&a, "--repeat", "-r")) {
            if (!(v = gi_cli_value(&a, "number of runs")) ||
                !gi_cli_parse_int("--repeat", v, 1, 1000000, &o->repeat))
                return 0;
        } else if (gi_cli_is(&a, "--json", NULL) && !a.eq) {
            o->json = 1;
        } else if (gi_cli_is(&a, "--quiet", "-q") && !a.eq) {
            o->quiet = 1;
        } else if (gi_cli_is(&a, "--mpi", NULL) && !a.eq) {
            o->mpi = GI_MPI_ON;
        } else if (gi_cli_is(&a, "--no-mpi", NULL) && !a.eq) {
            o->mpi = GI_MPI_OFF;
        } else if (gi_cli_is(&a, "--share-gpus", NULL) && !a.eq) {
            o->share_gpus = 1;
        } else if (gi_cli_is(&a, "--f", "-f")) {
            if (!(v = gi_cli_value(&a, "an expression in x and y, e.g. 'exp(-x*x)*cos(y)'")))
                return 0;
            o->f = v;
        } else if (gi_cli_is(&a, "--param", "-p")) {
            if (!(v = gi_cli_value(&a, "NAME=VALUE")) || !parse_param(v, o))
                return 0;
        } else if (gi_cli_is(&a, "--rule", NULL)) {
            if (!(v = gi_cli_value(&a, "midpoint, simpson or gauss:K")))
                return 0;
            o->rule = v;
        } else {
            gi_cli_unknown(&a, "integrate");
            return 0;
        }
    }
    return 1;
}

static void print_json(const gi_integrate_opts *o, const gi_integrate_result *r,
                       const gi_device_info *dev, const char *why, double best, double median,
                       const gi_print_extra *extra)
{
    char num[64];
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "workload", "integrate");
    cJSON_AddStringToObject(j, "backend", r->backend);
    cJSON_AddStringToObject(j, "device", r->device);
    cJSON_AddStringToObject(j, "device_spec", dev->spec);
    cJSON_AddStringToObject(j, "selection", why);
    cJSON_AddNumberToObject(j, "nx", (double)o->p.nx);
    cJSON_AddNumberToObject(j, "ny", (double)o->p.ny);
    const double b[4] = {o->p.x0, o->p.x1, o->p.y0, o->p.y1};
    cJSON_AddItemToObject(j, "bounds", cJSON_CreateDoubleArray(b, 4));
    cJSON_AddNumberToObject(j, "threads", r->threads);
    gi_cli_json_double(num, sizeof num, r->value);
    cJSON_AddRawToObject(j, "value", num);
    gi_cli_json_double(num, sizeof num, r->exact);
    cJSON_AddRawToObject(j, "exact", num);
    gi_cli_json_double(num, sizeof num, r->error);
    cJSON_AddRawToObject(j, "error", num);
    cJSON_AddNumberToObject(j, "evaluations", (double)r->evaluations);
    cJSON_AddNumberToObject(j, "repeat", o->repeat);
    cJSON_AddNumberToObject(j, "time_s", best);
    cJSON_AddNumberToObject(j, "time_median_s", median);
    cJSON_AddNumberToObject(j, "kernel_time_s", r->kernel_time_s);
    cJSON_AddNumberToObject(j, "transfer_time_s", r->transfer_time_s);
    cJSON_AddNumberToObject(j, "evaluations_per_s",
                            r->kernel_time_s > 0 ? (double)r->evaluations / r->kernel_time_s : 0);
    cJSON_AddStringToObject(j, "version", gi_version_string());
    if (extra && extra->json)
        extra->json(extra->arg, j);
    char *text = cJSON_PrintUnformatted(j);
    if (text)
        puts(text);
    cJSON_free(text);
    cJSON_Delete(j);
}

static void print_human(const gi_integrate_opts *o, const gi_integrate_result *r,
                        const gi_device_info *dev, const char *why, double best, double median,
                        const gi_print_extra *extra)
{
    printf("Integral value is %e, Error is %e\n", r->value, r->error);
    printf("Time spent: %.2f sec\n", best);
    if (o->quiet)
        return;
    if (o->repeat > 1)
        printf("Runs: %d, best %.4f s, median %.4f s\n", o->repeat, best, median);
    printf("Backend: %s on %s (%s), %d thread%s; %s\n", r->backend, r->device, dev->spec,
           r->threads, r->threads == 1 ? "" : "s", why);
    printf("Kernel: %.4f s, %.3g evaluations/s, %llu evaluations\n", r->kernel_time_s,
           r->kernel_time_s > 0 ? (double)r->evaluations / r->kernel_time_s : 0.0,
           (unsigned long long)r->evaluations);
    if (extra && extra->human)
        extra->human(extra->arg, stdout);
}

void gi_integrate_print(const gi_integrate_opts *o, const gi_integrate_result *r,
                        const gi_device_info *dev, const char *why, double best, double median,
                        const gi_print_extra *extra)
{
    if (o->json)
        print_json(o, r, dev, why, best, median, extra);
    else
        print_human(o, r, dev, why, best, median, extra);
}

/* The utilization monitor's part of the standard output (gi_print_extra hooks). */
static void monitor_json(void *arg, cJSON *obj)
{
    gi_cli_monitor_add_json(arg, obj);
}

static void monitor_human(void *arg, FILE *out)
{
    gi_cli_monitor_print(arg, out);
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
    return strcmp(dev->backend, "openmp") == 0 ? gi_context_threads(ctx) : 1;
}

int gi_cmd_integrate(int argc, char **argv)
{
    gi_integrate_opts o = {.device = "auto", .repeat = 1, .mpi = GI_MPI_AUTO};
    gi_integrate_params_default(&o.p);
    gi_cli_mpi_mute_usage(argc, argv);
    int parsed = gi_integrate_opts_parse(argc, argv, &o);
    gi_cli_mute_errors(0);
    if (!parsed)
        return GI_EXIT_USAGE;
    int mpi_code, function = gi_integrate_opts_function(&o);
    if (gi_cli_mpi_dispatch(o.mpi, o.quiet, GI_CLI_MPI_COMMAND(gi_cmd_integrate_mpi), &o,
                            &mpi_code))
        return mpi_code;
    if (function)
        return gi_cmd_integrate_function(&o);
    int code = gi_cli_monitor_prepare(&o.mon);
    if (code != GI_EXIT_OK)
        return code;
    gi_cli_signals_catch();

    gi_context *ctx = NULL;
    gi_status st = gi_context_create(&ctx);
    if (st != GI_STATUS_OK) {
        gi_cli_error("cannot create a context: %s", gi_status_string(st));
        return gi_cli_monitor_finish(&o.mon, gi_cli_exit_code(st));
    }
    gi_cli_signals_attach(ctx);
    double *times = calloc((size_t)o.repeat, sizeof *times);
    gi_integrate_result r;
    memset(&r, 0, sizeof r);
    gi_device_info dev;
    const char *why = "";
    int done = 0, sig = 0;
    double busy = 0;
    if (!times) {
        gi_cli_error("out of memory for %d timings", o.repeat);
        code = GI_EXIT_RUNTIME;
        goto done;
    }
    if ((st = gi_context_select(ctx, o.device)) != GI_STATUS_OK ||
        (st = gi_context_set_threads(ctx, o.threads)) != GI_STATUS_OK ||
        (st = gi_context_selected(ctx, &dev, &why)) != GI_STATUS_OK)
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
    if (sig && done < o.repeat) {
        gi_cli_monitor_print_interrupted(&o.mon, "integrate", &dev, sig, done, o.repeat, o.json,
                                         o.quiet);
    } else {
        gi_print_extra extra = {.json = monitor_json, .human = monitor_human, .arg = &o.mon};
        gi_integrate_print(&o, &r, &dev, why, best, median, &extra);
    }
    code = sig ? 128 + sig : GI_EXIT_OK;
    goto done;
fail:
    gi_cli_error("%s", gi_last_error(ctx));
    code = gi_cli_exit_code(st);
done:
    free(times);
    gi_context_destroy(ctx);
    return gi_cli_monitor_finish(&o.mon, code);
}
