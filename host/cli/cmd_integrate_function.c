/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg integrate --f EXPR [--param NAME=VALUE …] [--rule midpoint|simpson|gauss:K]: the
 * user's integrand with an error estimate, printed as text (the course's two lines, with the
 * estimate where the built-in workload prints its error against the exact value) or JSON.
 */
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_run.h"
#include "cli_signals.h"
#include "integrate_cmd.h"

static const char *text_of(const gi_integrate_opts *o)
{
    return o->f ? o->f : "sin(x+y)";
}

gi_status gi_integrate_function_make(gi_context *ctx, const gi_integrate_opts *o, gi_rule *rule,
                                     gi_integrand **f, char *msg, size_t size)
{
    *f = NULL;
    gi_status st = gi_rule_parse(ctx, o->rule ? o->rule : "midpoint", rule);
    if (st != GI_STATUS_OK) {
        snprintf(msg, size, "--rule: %s", gi_last_error(ctx));
        return st;
    }
    const char *names[GI_EXPRESSION_MAX_PARAMS];
    for (int k = 0; k < o->nparams; k++)
        names[k] = o->param_names[k];
    st = gi_integrand_from_expression(ctx, text_of(o), names, o->param_values, o->nparams, f);
    if (st != GI_STATUS_OK) {
        /* The library's parameter faults start with "parameter"; all else is the expression's. */
        const char *why = gi_last_error(ctx);
        snprintf(msg, size, "%s: %s", strncmp(why, "parameter", 9) == 0 ? "--param" : "--f", why);
    }
    return st;
}

static void rule_text(const gi_integrate_opts *o, char *buf, size_t size)
{
    snprintf(buf, size, "%s", o->rule ? o->rule : "midpoint");
}

static void print_json(const gi_integrate_opts *o, const gi_integral *r, const gi_device_info *dev,
                       const char *why, double best, double median, double setup_s,
                       const gi_print_extra *extra)
{
    char rule[32];
    rule_text(o, rule, sizeof rule);
    cJSON *j = gi_cli_result_json("integrate", r->backend, r->device, dev, why);
    cJSON_AddStringToObject(j, "integrand", text_of(o));
    cJSON *params = cJSON_AddObjectToObject(j, "params");
    for (int k = 0; k < o->nparams; k++) {
        gi_cli_result_json_double(params, o->param_names[k], o->param_values[k]);
    }
    cJSON_AddStringToObject(j, "rule", rule);
    gi_integrate_json_grid(j, o, r->threads, r->value);
    gi_cli_result_json_double(j, "error_estimate", r->error_estimate);
    gi_cli_result_json_double(j, "coarse_value", r->coarse_value);
    gi_integrate_json_times(j, o, r->evaluations, best, median);
    cJSON_AddNumberToObject(j, "kernel_time_s", r->kernel_time_s);
    cJSON_AddNumberToObject(j, "transfer_time_s", r->transfer_time_s);
    cJSON_AddNumberToObject(j, "compile_time_s", r->compile_time_s);
    cJSON_AddNumberToObject(j, "setup_s", setup_s);
    cJSON_AddNumberToObject(j, "evaluations_per_s",
                            r->kernel_time_s > 0 ? (double)r->evaluations / r->kernel_time_s : 0);
    gi_cli_result_json_print(j, extra);
}

static void print_human(const gi_integrate_opts *o, const gi_integral *r, const gi_device_info *dev,
                        const char *why, double best, double median, double setup_s,
                        const gi_print_extra *extra)
{
    char rule[32];
    rule_text(o, rule, sizeof rule);
    printf("Integral value is %e, Error estimate is %e\n", r->value, r->error_estimate);
    printf("Time spent: %.2f sec\n", best);
    if (o->quiet)
        return;
    printf("Integrand: %s", text_of(o));
    for (int k = 0; k < o->nparams; k++)
        printf("%s%s = %.17g", k == 0 ? " with " : ", ", o->param_names[k], o->param_values[k]);
    printf("; rule %s on %lld x %lld cells; estimate |I(h) - I(2h)| against %.17g\n", rule,
           (long long)o->p.nx, (long long)o->p.ny, r->coarse_value);
    gi_cli_result_backend_lines(o->repeat, best, median, r->backend, r->device, dev, r->threads,
                                why);
    gi_integrate_kernel_line(r->kernel_time_s, r->evaluations, " (both grids)");
    gi_cli_result_setup_line(setup_s);
    if (r->compile_time_s > 0)
        printf("Compile: %.3f s building the integrand for the device (not in Time spent)\n",
               r->compile_time_s);
    if (extra && extra->human)
        extra->human(extra->arg, stdout);
}

void gi_integrate_function_print(const gi_integrate_opts *o, const gi_integral *r,
                                 const gi_device_info *dev, const char *why, double best,
                                 double median, double setup_s, const gi_print_extra *extra)
{
    if (o->json)
        print_json(o, r, dev, why, best, median, setup_s, extra);
    else
        print_human(o, r, dev, why, best, median, setup_s, extra);
}

int gi_cmd_integrate_function(gi_integrate_opts *o)
{
    gi_context *ctx;
    int code = gi_cli_run_open(&o->mon, &ctx);
    if (code != GI_EXIT_OK)
        return code;
    gi_status st;
    gi_rule rule;
    gi_integrand *f = NULL;
    char msg[1024];
    double *times = NULL;
    if ((st = gi_integrate_function_make(ctx, o, &rule, &f, msg, sizeof msg)) != GI_STATUS_OK) {
        gi_cli_error("%s", msg);
        code = gi_cli_exit_code(st);
        goto done;
    }
    times = calloc((size_t)o->repeat, sizeof *times);
    gi_integral r;
    memset(&r, 0, sizeof r);
    gi_device_info dev;
    const char *why = "";
    int done = 0, sig = 0;
    double busy = 0, compile = 0, setup_s = 0;
    if (!times) {
        gi_cli_error("out of memory for %d timings", o->repeat);
        code = GI_EXIT_RUNTIME;
        goto done;
    }
    if ((st = gi_cli_run_select(ctx, o->device, o->threads, &dev, &why)) != GI_STATUS_OK ||
        (st = gi_cli_run_prepare(ctx, GI_WORKLOAD_INTEGRATE, &o->mon, &setup_s)) != GI_STATUS_OK)
        goto fail;
    if ((code = gi_cli_monitor_start(&o->mon)) != GI_EXIT_OK)
        goto done;
    for (int k = 0; k < o->repeat && !gi_cli_signals_caught(); k++) {
        gi_integral this_run;
        st = gi_integrate_function(ctx, f, &rule, &o->p, &this_run);
        if (st != GI_STATUS_OK)
            break;
        r = this_run;
        compile += r.compile_time_s;
        /* the device's build of the integrand is reported apart, not as Time spent */
        times[k] = r.time_s - r.compile_time_s;
        busy += r.kernel_time_s;
        done++;
    }
    r.compile_time_s = compile;
    sig = gi_cli_signals_caught();
    /* The backend's threads policy, not its name, says how many CPU threads a run would use. */
    gi_cli_monitor_workload(&o->mon, "integrate", &dev,
                            done > 0 ? r.threads : gi_context_device_threads(ctx), busy);
    gi_cli_monitor_stop(&o->mon, sig);
    if (st != GI_STATUS_OK && !sig)
        goto fail;
    double best, median;
    gi_cli_best_median(times, done, &best, &median);
    gi_cli_monitor_info(&o->mon, "integrand", "%s", text_of(o));
    gi_cli_monitor_info(&o->mon, "rule", "%s", o->rule ? o->rule : "midpoint");
    gi_cli_monitor_info(&o->mon, "grid", "%lld x %lld cells", (long long)o->p.nx,
                        (long long)o->p.ny);
    gi_cli_monitor_info(&o->mon, "runs", "%d of %d", done, o->repeat);
    if (done > 0) {
        gi_cli_monitor_info(&o->mon, "value", "%.17g", r.value);
        gi_cli_monitor_info(&o->mon, "error estimate", "%.3e", r.error_estimate);
        gi_cli_monitor_info(&o->mon, "time (best)", "%.4f s", best);
    }
    if (!gi_cli_run_interrupted(&o->mon, "integrate", &dev, sig, done, o->repeat, o->json,
                                o->quiet)) {
        gi_print_extra extra = gi_cli_run_monitor_extra(&o->mon);
        gi_integrate_function_print(o, &r, &dev, why, best, median, setup_s, &extra);
    }
    code = sig ? 128 + sig : GI_EXIT_OK;
    goto done;
fail:
    code = gi_cli_run_failed(ctx, st);
done:
    free(times);
    gi_integrand_destroy(f);
    return gi_cli_run_close(ctx, &o->mon, code);
}
