/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The user's integrand on each backend: evaluations per second for integrands of different cost,
 * the expression path against the built-in sin(x+y) kernel, and the compile time of the GPU
 * backends' builds (reported apart from the run).
 *
 * Usage: bench_integrand [--devices serial,openmp,opencl] [-n N] [--repeat R] [--threads T]
 * Prints one line per (device, integrand, rule): best time of R runs of the grid asked for (the
 * estimate's coarse grid included: 1.25 × n² evaluations), evaluations/s, and for sin(x+y) the
 * ratio to gi_integrate's built-in kernel on the same device (time per evaluation).
 */
#include <gpuinteg/gpuinteg.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const integrands[] = {
    "sin(x+y)",                                            /* the built-in's: one sine */
    "x*y + x*x - y",                                       /* cheap: arithmetic only */
    "exp(-(x*x+y*y)/2) * cos(3*x*y)",                      /* the example: exp and cos */
    "if(x*x+y*y < 1, sqrt(1-x*x-y*y), 0) + atan2(y, x+3)", /* dearer: branch, sqrt, atan2 */
};

static double best_builtin(gi_context *ctx, const gi_integrate_params *p, int repeat)
{
    double best = INFINITY;
    for (int r = 0; r < repeat; r++) {
        gi_integrate_result res;
        if (gi_integrate(ctx, p, &res) != GI_STATUS_OK)
            return NAN;
        if (res.kernel_time_s < best)
            best = res.kernel_time_s;
    }
    return best;
}

int main(int argc, char **argv)
{
    const char *devices = "serial,openmp,opencl";
    long n = 4000;
    int repeat = 3, threads = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--devices") == 0 && i + 1 < argc)
            devices = argv[++i];
        else if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            n = atol(argv[++i]);
        else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
            repeat = atoi(argv[++i]);
        else if (strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
            threads = atoi(argv[++i]);
        else {
            fprintf(stderr, "usage: bench_integrand [--devices LIST] [-n N] [--repeat R] "
                            "[--threads T]\n");
            return 2;
        }
    }
    gi_integrate_params p;
    gi_integrate_params_default(&p);
    p.nx = p.ny = n;
    printf("%-8s %-52s %-9s %10s %12s %10s %10s\n", "device", "integrand", "rule", "time_s",
           "evals/s", "vs_builtin", "compile_s");
    char list[256];
    snprintf(list, sizeof list, "%s", devices);
    for (char *dev = strtok(list, ","); dev; dev = strtok(NULL, ",")) {
        gi_context *ctx;
        if (gi_context_create(&ctx) != GI_STATUS_OK)
            return 1;
        if (gi_context_select(ctx, dev) != GI_STATUS_OK) {
            printf("%-8s unavailable: %s\n", dev, gi_last_error(ctx));
            gi_context_destroy(ctx);
            continue;
        }
        if (threads > 0)
            gi_context_set_threads(ctx, threads);
        double builtin = best_builtin(ctx, &p, repeat);
        printf("%-8s %-52s %-9s %10.4f %12.3e %10s %10s\n", dev, "sin(x+y) built-in kernel",
               "midpoint", builtin, (double)n * (double)n / builtin, "1", "-");
        const char *rules[] = {"midpoint", "gauss:3"};
        for (size_t k = 0; k < sizeof integrands / sizeof integrands[0]; k++) {
            gi_integrand *f;
            if (gi_integrand_from_expression(ctx, integrands[k], NULL, NULL, 0, &f) !=
                GI_STATUS_OK) {
                printf("%s: %s\n", integrands[k], gi_last_error(ctx));
                return 1;
            }
            for (int r = 0; r < 2; r++) {
                if (r == 1 && k != 2)
                    continue;
                gi_rule rule;
                gi_rule_parse(ctx, rules[r], &rule);
                double best = INFINITY, compile = 0.0;
                uint64_t evals = 0;
                for (int rep = 0; rep < repeat + 1; rep++) {
                    gi_integral res;
                    if (gi_integrate_function(ctx, f, &rule, &p, &res) != GI_STATUS_OK) {
                        printf("%-8s %-52s %s\n", dev, integrands[k], gi_last_error(ctx));
                        break;
                    }
                    if (rep == 0) { /* the first run compiles on GPUs: its cost apart */
                        compile = res.compile_time_s;
                        continue;
                    }
                    evals = res.evaluations;
                    if (res.kernel_time_s < best)
                        best = res.kernel_time_s;
                }
                if (!isfinite(best))
                    continue;
                /* per evaluation, against the built-in's n² evaluations */
                double ratio = (best / (double)evals) / (builtin / ((double)n * (double)n));
                char ratio_text[32] = "-";
                if (k == 0)
                    snprintf(ratio_text, sizeof ratio_text, "%.2f", ratio);
                printf("%-8s %-52s %-9s %10.4f %12.3e %10s %10.3f\n", dev, integrands[k], rules[r],
                       best, (double)evals / best, ratio_text, compile);
            }
            gi_integrand_destroy(f);
        }
        gi_context_destroy(ctx);
    }
    return 0;
}
