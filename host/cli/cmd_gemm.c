/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * gpuinteg gemm: the course's dot.py — C = A·B on seeded uniform [0, 1) matrices, the product
 * alone timed — through gi_dgemm on any backend, optionally checked with Freivalds' algorithm.
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/monitor.h>

#include "cli.h"
#include "cli_monitor.h"
#include "cli_options.h"
#include "cli_run.h"
#include "cli_signals.h"
#include "gemm_cmd.h"
#include "mpi_dispatch.h"

static int parse_trans(const char *opt, const char *v, void *field)
{
    if (strlen(v) == 1 && strchr("NnTtCc", v[0])) {
        *(char *)field = (char)(v[0] == 'N' || v[0] == 'n' ? 'N' : 'T');
        return 1;
    }
    gi_cli_error("%s '%s' is not a transpose; allowed: N (as stored) or T (transposed; BLAS's "
                 "C means T for real matrices)",
                 opt, v);
    return 0;
}

#define DIM_OPTION(opt, field, text)                                                               \
    {                                                                                              \
        .name = opt, .kind = GI_OPT_INT64, .offset = offsetof(gi_gemm_opts, field), .min = 1,      \
        .max = GI_GEMM_MAX_DIM, .metavar = "N", .what = "a matrix dimension", .help = text         \
    }
#define TRANS_OPTION(opt, field, text)                                                             \
    {                                                                                              \
        .name = opt, .kind = GI_OPT_CUSTOM, .offset = offsetof(gi_gemm_opts, field),               \
        .metavar = "N|T", .what = "N or T", .parse = parse_trans, .help = text                     \
    }

static const gi_cli_option options[] = {
    DIM_OPTION("--size", size, "m = n = k (default 3000), 1 to 2147483647"),
    DIM_OPTION("--m", m, "rows of op(A) and C"),
    DIM_OPTION("--n", n, "columns of op(B) and C"),
    DIM_OPTION("--k", k, "columns of op(A), rows of op(B)"),
    TRANS_OPTION("--transa", transa, "op(A) = A (N, default) or its transpose (T)"),
    TRANS_OPTION("--transb", transb, "op(B) = B (N, default) or its transpose (T)"),
    GI_CLI_OPT_DEVICE(gi_gemm_opts),
    GI_CLI_OPT_THREADS(gi_gemm_opts),
    GI_CLI_OPT_REPEAT(gi_gemm_opts),
    {.name = "--seed",
     .kind = GI_OPT_INT64,
     .offset = offsetof(gi_gemm_opts, seed),
     .min = 0,
     .max = INT64_MAX,
     .metavar = "S",
     .what = "random seed",
     .help = "seed of the uniform [0,1) matrices (default 42)"},
    {.name = "--verify",
     .kind = GI_OPT_FLAG,
     .offset = offsetof(gi_gemm_opts, verify),
     .min = 1,
     .help = "check C with Freivalds' algorithm (exit 4 if wrong)"},
    GI_CLI_OPT_JSON(gi_gemm_opts),
    GI_CLI_OPT_MPI(gi_gemm_opts),
    GI_CLI_OPT_MONITOR(gi_gemm_opts),
};

const gi_cli_command gi_cli_gemm_command = {
    .name = "gemm",
    .synopsis =
        "gemm [--size N | --m M --n N --k K] [--transa N|T] [--transb N|T]\n"
        "                [--device D] [--threads T] [--repeat R] [--seed S] [--verify] [--json]\n"
        "                [--mpi | --no-mpi] [--share-gpus]\n"
        "                [--report FILE.html|.json|.csv] [--sample-ms MS]",
    .description =
        "gemm       C = op(A)*op(B) on uniform [0,1) matrices from --seed (default 42), M x K "
        "times\n"
        "           K x N (--size: all three, default 3000), the product alone timed; --verify\n"
        "           checks C with Freivalds' algorithm (exit 4 if wrong). Sizes 1 to 2147483647.\n"
        "           Under MPI each rank computes a block of C (2-D SUMMA).",
    .options = options,
    .noptions = sizeof options / sizeof options[0],
    .run = gi_cmd_gemm,
};

int gi_gemm_opts_parse(int argc, char **argv, gi_gemm_opts *o, int *help)
{
    if (!gi_cli_options_parse(&gi_cli_gemm_command, argc, argv, o, NULL, help))
        return 0;
    if (!o->m)
        o->m = o->size;
    if (!o->n)
        o->n = o->size;
    if (!o->k)
        o->k = o->size;
    return 1;
}

/* rows·cols·8 in *bytes; 0 on overflow. */
static int matrix_bytes(int64_t rows, int64_t cols, uint64_t *bytes)
{
    return !__builtin_mul_overflow((uint64_t)rows, (uint64_t)cols, bytes) &&
           !__builtin_mul_overflow(*bytes, (uint64_t)sizeof(double), bytes);
}

void gi_gemm_describe_shape(const gi_gemm_opts *o, char *buf, size_t size)
{
    if (o->m == o->n && o->n == o->k)
        snprintf(buf, size, "--size %lld", (long long)o->m);
    else
        snprintf(buf, size, "m = %lld, n = %lld, k = %lld", (long long)o->m, (long long)o->n,
                 (long long)o->k);
}

/* A + B + C in *total; 0 when that is past 2^64 bytes. */
static int product_bytes(const gi_gemm_opts *o, uint64_t *total)
{
    uint64_t a, b, c;
    return matrix_bytes(o->m, o->k, &a) && matrix_bytes(o->k, o->n, &b) &&
           matrix_bytes(o->m, o->n, &c) && !__builtin_add_overflow(a, b, total) &&
           !__builtin_add_overflow(*total, c, total);
}

/* Refuses, before anything is allocated, a product whose three matrices cannot fit the memory
 * this process may still take (the monitor's sources: cgroup, Slurm, MemAvailable). */
static int check_memory(const gi_gemm_opts *o)
{
    uint64_t total;
    int fits = product_bytes(o, &total);
    gi_memory_room room;
    gi_memory_room_read(&room);
    if (fits && total <= room.bytes)
        return 1;
    char shape[128], avail[400] = "no limit known";
    gi_gemm_describe_shape(o, shape, sizeof shape);
    if (room.bytes != UINT64_MAX)
        snprintf(avail, sizeof avail, "%llu bytes (%.1f GiB) are available (%s)",
                 (unsigned long long)room.bytes, (double)room.bytes / 1073741824.0, room.source);
    if (!fits)
        gi_cli_error("%s needs more than %llu bytes for A, B and C; %s", shape,
                     (unsigned long long)UINT64_MAX, avail);
    else
        gi_cli_error("%s needs %llu bytes (%.1f GiB) for A, B and C; %s", shape,
                     (unsigned long long)total, (double)total / 1073741824.0, avail);
    return 0;
}

/* Refuses, with exit 1, a run the address-space limit leaves no room for: the library would
 * hang or crash inside a third-party call instead of failing. */
static int check_address_space(const gi_gemm_opts *o, const gi_device_info *dev, int threads)
{
    gi_memory_room room;
    gi_memory_room_read(&room);
    if (room.address_space == UINT64_MAX)
        return GI_EXIT_OK;
    uint64_t total = 0, need;
    product_bytes(o, &total);
    /* What the device maps beside the matrices: its backend's estimate (0 for devices whose
     * memory is elsewhere). */
    uint64_t extra =
        dev->host_bytes + dev->host_bytes_per_thread * (uint64_t)(threads > 0 ? threads : 1);
    const char *what = dev->host_bytes_what;
    if (__builtin_add_overflow(total, extra, &need) || need > room.address_space) {
        char shape[128];
        gi_gemm_describe_shape(o, shape, sizeof shape);
        gi_cli_error("%s on %s needs about %.0f MiB of address space (A, B and C%s%s), but the "
                     "address-space limit leaves %.0f MiB (%s); raise ulimit -v or use a "
                     "smaller product",
                     shape, dev->spec, (double)need / 1048576.0, what[0] ? ", and " : "", what,
                     (double)room.address_space / 1048576.0, room.address_space_from);
        return GI_EXIT_RUNTIME;
    }
    return GI_EXIT_OK;
}

/* malloc that names the matrix and its bytes when it fails. */
static double *alloc_matrix(const char *name, int64_t rows, int64_t cols)
{
    uint64_t bytes;
    double *p = matrix_bytes(rows, cols, &bytes) && bytes <= SIZE_MAX ? malloc(bytes) : NULL;
    if (!p)
        gi_cli_error("cannot allocate %llu bytes for %s (%lld x %lld doubles)",
                     (unsigned long long)rows * (unsigned long long)cols * sizeof(double), name,
                     (long long)rows, (long long)cols);
    return p;
}

void gi_gemm_sum_add(double sc[2], const double *x, size_t n)
{
    double sum = sc[0], c = sc[1];
    for (size_t i = 0; i < n; i++) {
        double t = sum + x[i];
        c += fabs(sum) >= fabs(x[i]) ? (sum - t) + x[i] : (x[i] - t) + sum;
        sum = t;
    }
    sc[0] = sum;
    sc[1] = c;
}

static void print_json(const gi_gemm_opts *o, const gi_gemm_result *r, const gi_print_extra *extra)
{
    cJSON *j = gi_cli_result_json("gemm", r->timing.backend, r->timing.device, r->dev, r->why);
    cJSON_AddNumberToObject(j, "m", (double)o->m);
    cJSON_AddNumberToObject(j, "n", (double)o->n);
    cJSON_AddNumberToObject(j, "k", (double)o->k);
    cJSON_AddStringToObject(j, "transa", o->transa == 'N' ? "N" : "T");
    cJSON_AddStringToObject(j, "transb", o->transb == 'N' ? "N" : "T");
    cJSON_AddNumberToObject(j, "seed", (double)o->seed);
    cJSON_AddNumberToObject(j, "threads", r->timing.threads);
    cJSON_AddNumberToObject(j, "repeat", o->repeat);
    cJSON_AddNumberToObject(j, "time_s", r->best);
    cJSON_AddNumberToObject(j, "time_median_s", r->median);
    cJSON_AddNumberToObject(j, "setup_s", r->timing.setup_s);
    cJSON_AddNumberToObject(j, "kernel_time_s", r->timing.kernel_time_s);
    cJSON_AddNumberToObject(j, "transfer_time_s", r->timing.transfer_time_s);
    cJSON_AddNumberToObject(j, "gflops", r->gflops);
    if (r->checked) {
        cJSON_AddBoolToObject(j, "verified", r->verified);
        gi_cli_result_json_double(j, "max_rel_residual", r->check.max_rel_residual);
        gi_cli_result_json_double(j, "tolerance", r->check.tolerance);
    } else {
        /* Not asked for: null, not false — nothing failed. */
        cJSON_AddNullToObject(j, "verified");
        cJSON_AddNullToObject(j, "max_rel_residual");
        cJSON_AddNullToObject(j, "tolerance");
    }
    gi_cli_result_json_double(j, "c_sum", r->c_sum);
    gi_cli_result_json_print(j, extra);
}

static void print_human(const gi_gemm_opts *o, const gi_gemm_result *r, const gi_print_extra *extra)
{
    printf("Time spent: %.2f sec\n", r->best);
    printf("GFLOP/s: %.1f (C = op(A)*op(B), m = %lld, n = %lld, k = %lld, transa %c, transb %c, "
           "seed %lld)\n",
           r->gflops, (long long)o->m, (long long)o->n, (long long)o->k, o->transa, o->transb,
           (long long)o->seed);
    gi_cli_result_backend_lines(o->repeat, r->best, r->median, r->timing.backend, r->timing.device,
                                r->dev, r->timing.threads, r->why);
    if (r->timing.transfer_time_s > 0)
        printf("Kernel: %.4f s, transfers %.4f s\n", r->timing.kernel_time_s,
               r->timing.transfer_time_s);
    gi_cli_result_setup_line(r->timing.setup_s);
    if (r->checked)
        printf("Verified: %s, max relative residual %.2e, tolerance %.2e (Freivalds, %d "
               "vectors)\n",
               r->verified ? "yes" : "NO", r->check.max_rel_residual, r->check.tolerance,
               r->check.vectors);
    if (extra && extra->human)
        extra->human(extra->arg, stdout);
}

void gi_gemm_print(const gi_gemm_opts *o, const gi_gemm_result *r, const gi_print_extra *extra)
{
    if (o->json)
        print_json(o, r, extra);
    else
        print_human(o, r, extra);
}

int gi_cmd_gemm(int argc, char **argv)
{
    gi_gemm_opts o = {.device = "auto",
                      .size = 3000,
                      .transa = 'N',
                      .transb = 'N',
                      .repeat = 1,
                      .seed = 42,
                      .mpi = GI_MPI_AUTO};
    gi_cli_mpi_mute_usage(argc, argv);
    int help = 0, parsed = gi_gemm_opts_parse(argc, argv, &o, &help);
    int code = gi_cli_run_parsed(&gi_cli_gemm_command, parsed, help);
    if (code >= 0)
        return code;
    if (gi_cli_mpi_dispatch(o.mpi, 0, GI_CLI_MPI_COMMAND(gi_cmd_gemm_mpi), &o, &code))
        return code;
    if (!check_memory(&o))
        return GI_EXIT_USAGE;

    /* As stored: A is m×k ('N') or k×m ('T'), B is k×n or n×k; one seeded stream fills A,
     * then B, as numpy's rand fills consecutive arrays. */
    int64_t a_rows = o.transa == 'N' ? o.m : o.k, b_rows = o.transb == 'N' ? o.k : o.n;
    int64_t a_cols = o.transa == 'N' ? o.k : o.m, b_cols = o.transb == 'N' ? o.n : o.k;
    gi_context *ctx;
    double *A = NULL, *B = NULL, *C = NULL, *times = NULL;
    if ((code = gi_cli_run_open(&o.mon, &ctx)) != GI_EXIT_OK)
        return code;
    gi_status st;
    gi_gemm_result r = {.why = ""};
    char verify_error[4200] = "";
    gi_device_info dev;
    r.dev = &dev;
    if ((st = gi_cli_run_select(ctx, o.device, o.threads, &dev, &r.why)) != GI_STATUS_OK)
        goto fail;
    if ((code = check_address_space(&o, &dev, gi_context_threads(ctx))) != GI_EXIT_OK)
        goto done;
    if ((st = gi_cli_run_prepare(ctx, GI_WORKLOAD_DGEMM, &o.mon, &r.timing.setup_s)) !=
        GI_STATUS_OK)
        goto fail;

    if (!(times = calloc((size_t)o.repeat, sizeof *times)) ||
        !(A = alloc_matrix("A", a_rows, a_cols)) || !(B = alloc_matrix("B", b_rows, b_cols)) ||
        !(C = alloc_matrix("C", o.m, o.n))) {
        if (!times)
            gi_cli_error("cannot allocate %zu bytes for %d timings", o.repeat * sizeof *times,
                         o.repeat);
        code = GI_EXIT_RUNTIME;
        goto done;
    }
    size_t a_len = (size_t)(a_rows * a_cols), b_len = (size_t)(b_rows * b_cols);
    gi_random_uniform((uint64_t)o.seed, 0, A, a_len);
    gi_random_uniform((uint64_t)o.seed, a_len, B, b_len);
    /* beta = 0 must not read C: start it as NaN, so a backend that does is caught by --verify
     * instead of passing on zeros. */
    for (size_t i = 0; i < (size_t)(o.m * o.n); i++)
        C[i] = NAN;

    /* The monitor covers the products (the matrices are filled already). A signal stops the
     * repeats between products: a BLAS call is not interrupted. */
    if ((code = gi_cli_monitor_start(&o.mon)) != GI_EXIT_OK)
        goto done;
    int done_runs = 0, sig = 0;
    double busy = 0;
    for (int rep = 0; rep < o.repeat && !gi_cli_signals_caught(); rep++) {
        gi_timing t;
        if ((st = gi_dgemm(ctx, o.transa, o.transb, o.m, o.n, o.k, 1.0, A, a_rows, B, b_rows, 0.0,
                           C, o.m)) != GI_STATUS_OK ||
            (st = gi_last_timing(ctx, &t)) != GI_STATUS_OK)
            break;
        times[rep] = t.time_s;
        busy += t.kernel_time_s;
        done_runs++;
        /* The kernel and transfer times reported are those of the best run. */
        if (rep == 0 || t.time_s < r.timing.time_s)
            r.timing = t;
    }
    sig = gi_cli_signals_caught();
    gi_cli_monitor_workload(&o.mon, "gemm", &dev,
                            done_runs ? r.timing.threads : gi_context_threads(ctx), busy);
    gi_cli_monitor_stop(&o.mon, sig);
    char shape[128];
    gi_gemm_describe_shape(&o, shape, sizeof shape);
    gi_cli_monitor_info(&o.mon, "product", "%s, transa %c, transb %c, seed %lld", shape, o.transa,
                        o.transb, (long long)o.seed);
    gi_cli_monitor_info(&o.mon, "runs", "%d of %d", done_runs, o.repeat);
    if (st != GI_STATUS_OK && !sig)
        goto fail;
    if (gi_cli_run_interrupted(&o.mon, "gemm", &dev, sig, done_runs, o.repeat, o.json, 0)) {
        code = 128 + sig;
        goto done;
    }
    gi_cli_best_median(times, o.repeat, &r.best, &r.median);
    r.gflops = r.best > 0 ? 2.0 * (double)o.m * (double)o.n * (double)o.k / r.best / 1e9 : 0.0;
    gi_cli_monitor_info(&o.mon, "time (best)", "%.4f s", r.best);
    gi_cli_monitor_info(&o.mon, "GFLOP/s", "%.1f", r.gflops);

    if (o.verify) {
        st = gi_dgemm_verify(ctx, o.transa, o.transb, o.m, o.n, o.k, 1.0, A, a_rows, B, b_rows, 0.0,
                             NULL, 1, C, o.m, &r.check);
        if (st != GI_STATUS_OK && st != GI_STATUS_VERIFICATION_FAILED)
            goto fail;
        r.checked = 1;
        r.verified = st == GI_STATUS_OK;
        if (!r.verified) {
            snprintf(verify_error, sizeof verify_error, "%s", gi_last_error(ctx));
            code = GI_EXIT_VERIFY;
        }
        gi_cli_monitor_info(&o.mon, "verified", "%s, max relative residual %.2e",
                            r.verified ? "yes" : "NO", r.check.max_rel_residual);
    }
    double sc[2] = {0, 0};
    gi_gemm_sum_add(sc, C, (size_t)(o.m * o.n));
    r.c_sum = sc[0] + sc[1];
    gi_print_extra extra = gi_cli_run_monitor_extra(&o.mon);
    gi_gemm_print(&o, &r, &extra);
    fflush(stdout);
    if (verify_error[0])
        gi_cli_error("verification failed on %s: %s", dev.spec, verify_error);
    if (sig && code == GI_EXIT_OK)
        code = 128 + sig;
    goto done;
fail:
    code = gi_cli_run_failed(ctx, st);
done:
    free(A);
    free(B);
    free(C);
    free(times);
    return gi_cli_run_close(ctx, &o.mon, code);
}
