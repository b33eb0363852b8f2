/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench_dgemm: what gi_dgemm on the openmp backend costs over calling OpenBLAS directly.
 *
 * For each thread count, gi_dgemm (openmp) and cblas_dgemm run the same product on the same
 * matrices, interleaved (A B, then B A, …) so that drift in the machine's speed falls on both
 * alike; the serial reference kernel runs once per repeat at one thread. Each is timed by the
 * same clock around the call; the table gives the best and median GFLOP/s of the repeats and
 * the ratio of the best times, and checks that both paths give the same bits (they run the
 * same OpenBLAS code with the same thread count). The table is printed and written to a
 * markdown file (default bench/results/dgemm.md, replaced atomically).
 *
 *     bench_dgemm [--size N] [--repeat R] [--threads 1,2] [--no-serial] [--output FILE]
 */
#include <cblas.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <gpuinteg/gpuinteg.h>

#include "util/clock.h"
#include "common/cpu_info.h"

#ifndef GI_BENCH_RESULTS
#define GI_BENCH_RESULTS "bench/results"
#endif

enum { MAX_COUNTS = 8, MAX_REPEAT = 100 };

typedef struct series {
    double t[MAX_REPEAT];
    int n;
} series;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double best(series *s)
{
    qsort(s->t, (size_t)s->n, sizeof s->t[0], cmp_double);
    return s->t[0];
}

static double median(series *s)
{
    qsort(s->t, (size_t)s->n, sizeof s->t[0], cmp_double);
    return 0.5 * (s->t[(s->n - 1) / 2] + s->t[s->n / 2]);
}

static void die(const char *what)
{
    fprintf(stderr, "bench_dgemm: %s\n", what);
    exit(1);
}

/* "family 25, model 17, flags: avx2 avx512f" from /proc/cpuinfo: the model name of a virtual
 * machine is often only "AMD EPYC", and the vector width decides which OpenBLAS kernel runs. */
static void cpu_signature(char *buf, size_t size)
{
    int family = -1, model = -1, avx2 = 0, avx512 = 0;
    FILE *f = fopen("/proc/cpuinfo", "r");
    char line[4096];
    while (f && fgets(line, sizeof line, f)) {
        if (sscanf(line, "cpu family : %d", &family) == 1 ||
            sscanf(line, "model : %d", &model) == 1)
            continue;
        if (strncmp(line, "flags", 5) == 0) {
            avx2 = strstr(line, " avx2") != NULL;
            avx512 = strstr(line, " avx512f") != NULL;
            break;
        }
    }
    if (f)
        fclose(f);
    snprintf(buf, size, "family %d, model %d, %s", family, model,
             avx512 ? "AVX-512"
             : avx2 ? "AVX2"
                    : "no AVX2");
}

/* The 1-minute load average: how busy the machine was around the measurement. */
static double load_average(void)
{
    double load = -1.0;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (fscanf(f, "%lf", &load) != 1)
            load = -1.0;
        fclose(f);
    }
    return load;
}

static double time_gi(gi_context *ctx, int64_t n, const double *A, const double *B, double *C)
{
    double start = gi_now();
    if (gi_dgemm(ctx, 'N', 'N', n, n, n, 1.0, A, n, B, n, 0.0, C, n) != GI_STATUS_OK) {
        fprintf(stderr, "bench_dgemm: gi_dgemm: %s\n", gi_last_error(ctx));
        exit(1);
    }
    return gi_now() - start;
}

/* What a program calling OpenBLAS itself does: set the count, then call. openblas_set_num_threads
 * sets OpenMP's count too in the OpenMP flavour. */
static double time_cblas(int threads, int64_t n, const double *A, const double *B, double *C)
{
    openblas_set_num_threads(threads);
    double start = gi_now();
    cblas_dgemm(CblasColMajor, CblasNoTrans, CblasNoTrans, (blasint)n, (blasint)n, (blasint)n, 1.0,
                A, (blasint)n, B, (blasint)n, 0.0, C, (blasint)n);
    return gi_now() - start;
}

static gi_context *context(const char *device, int threads)
{
    gi_context *ctx;
    if (gi_context_create(&ctx) != GI_STATUS_OK)
        die("cannot create a context");
    if (gi_context_select(ctx, device) != GI_STATUS_OK ||
        gi_context_set_threads(ctx, threads) != GI_STATUS_OK) {
        fprintf(stderr, "bench_dgemm: %s: %s\n", device, gi_last_error(ctx));
        exit(1);
    }
    return ctx;
}

int main(int argc, char **argv)
{
    int64_t n = 3000;
    int repeat = 7, counts[MAX_COUNTS] = {1, 2}, ncounts = 2, serial = 1;
    const char *output = GI_BENCH_RESULTS "/dgemm.md";
    for (int i = 1; i < argc; i++) {
        const char *next = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--size") == 0 && next) {
            n = strtoll(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--repeat") == 0 && next) {
            repeat = atoi(argv[++i]);
        } else if (strcmp(argv[i], "--threads") == 0 && next) {
            ncounts = 0;
            for (char *p = argv[++i]; *p && ncounts < MAX_COUNTS; p += *p == ',') {
                char *end;
                counts[ncounts++] = (int)strtol(p, &end, 10);
                if (end == p || counts[ncounts - 1] < 1)
                    die("--threads takes counts >= 1 separated by commas, e.g. 1,2");
                p = end;
            }
        } else if (strcmp(argv[i], "--no-serial") == 0) {
            serial = 0;
        } else if (strcmp(argv[i], "--output") == 0 && next) {
            output = argv[++i];
        } else {
            die("usage: bench_dgemm [--size N] [--repeat R] [--threads 1,2] [--no-serial] "
                "[--output FILE]");
        }
    }
    if (n < 1 || n > 46340 || repeat < 1 || repeat > MAX_REPEAT)
        die("--size must be 1 to 46340 and --repeat 1 to 100");

    size_t len = (size_t)(n * n);
    double *A = malloc(len * sizeof *A), *B = malloc(len * sizeof *B);
    double *Cg = malloc(len * sizeof *Cg), *Cb = malloc(len * sizeof *Cb);
    if (!A || !B || !Cg || !Cb)
        die("out of memory for the matrices");
    gi_random_uniform(42, 0, A, len);
    gi_random_uniform(42, len, B, len);

    static series gi[MAX_COUNTS], blas[MAX_COUNTS], ref;
    int same_bits[MAX_COUNTS];
    gi_context *ctx[MAX_COUNTS];
    for (int c = 0; c < ncounts; c++) {
        ctx[c] = context("openmp", counts[c]);
        /* Untimed: OpenBLAS starts its threads, the pages of C are touched. */
        time_gi(ctx[c], n, A, B, Cg);
        time_cblas(counts[c], n, A, B, Cb);
        same_bits[c] = 1;
    }
    gi_context *serial_ctx = serial ? context("serial", 1) : NULL;
    double load_before = load_average();

    for (int r = 0; r < repeat; r++) {
        for (int c = 0; c < ncounts; c++) {
            if (r % 2 == 0) {
                gi[c].t[gi[c].n++] = time_gi(ctx[c], n, A, B, Cg);
                blas[c].t[blas[c].n++] = time_cblas(counts[c], n, A, B, Cb);
            } else {
                blas[c].t[blas[c].n++] = time_cblas(counts[c], n, A, B, Cb);
                gi[c].t[gi[c].n++] = time_gi(ctx[c], n, A, B, Cg);
            }
            same_bits[c] &= memcmp(Cg, Cb, len * sizeof *Cg) == 0;
        }
        if (serial_ctx)
            ref.t[ref.n++] = time_gi(serial_ctx, n, A, B, Cg);
    }

    double load_after = load_average();

    /* The report. */
    char cpu[200], signature[100], blas_info[200] = "", date[64], command[1024] = "";
    gi_cpu_model_name(cpu, sizeof cpu);
    cpu_signature(signature, sizeof signature);
    gi_device_info dev;
    if (gi_context_selected(ctx[0], &dev, NULL) == GI_STATUS_OK)
        snprintf(blas_info, sizeof blas_info, "%s", dev.detail);
    time_t now = time(NULL);
    strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", gmtime(&now));
    for (int i = 0; i < argc; i++) {
        strncat(command, i ? " " : "", sizeof command - strlen(command) - 1);
        strncat(command, argv[i], sizeof command - strlen(command) - 1);
    }
    const char *coretype = getenv("OPENBLAS_CORETYPE");
    double flop = 2.0 * (double)n * (double)n * (double)n;

    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmp", output);
    FILE *out = fopen(tmp, "w");
    if (!out)
        fprintf(stderr, "bench_dgemm: cannot write %s: %s (table on stdout only)\n", tmp,
                strerror(errno));
    for (int pass = 0; pass < 2; pass++) {
        FILE *f = pass == 0 ? stdout : out;
        if (!f)
            break;
        fprintf(f, "# dgemm: gi_dgemm (openmp backend) against cblas_dgemm called directly\n\n");
        fprintf(f, "- date: %s\n", date);
        fprintf(f, "- CPU: %s (%s), %ld online CPUs\n", cpu, signature,
                sysconf(_SC_NPROCESSORS_ONLN));
        fprintf(f, "- openmp backend: %s\n", blas_info);
        fprintf(f, "- OPENBLAS_CORETYPE: %s%s%s\n", coretype ? "`" : "",
                coretype ? coretype : "unset (OpenBLAS picks the kernels for the CPU)",
                coretype ? "`" : "");
        fprintf(f, "- command: `%s`\n", command);
        fprintf(f, "- load average (1 min) before / after: %.2f / %.2f\n", load_before, load_after);
        fprintf(f,
                "- C = A·B, m = n = k = %lld, uniform [0, 1) from seed 42; %d repeats, gi_dgemm "
                "and cblas_dgemm interleaved; time around each call\n\n",
                (long long)n, repeat);
        fprintf(f, "| threads | gi_dgemm best | gi_dgemm median | cblas_dgemm best | cblas_dgemm "
                   "median | gi/cblas (best times) | same bits |\n");
        fprintf(f, "|---:|---:|---:|---:|---:|---:|:---:|\n");
        for (int c = 0; c < ncounts; c++) {
            double gb = best(&gi[c]), gm = median(&gi[c]);
            double bb = best(&blas[c]), bm = median(&blas[c]);
            fprintf(f,
                    "| %d | %.1f GFLOP/s (%.3f s) | %.1f GFLOP/s | %.1f GFLOP/s (%.3f s) | %.1f "
                    "GFLOP/s | %.3f | %s |\n",
                    counts[c], flop / gb / 1e9, gb, flop / gm / 1e9, flop / bb / 1e9, bb,
                    flop / bm / 1e9, gb / bb, same_bits[c] ? "yes" : "no");
        }
        if (serial_ctx)
            fprintf(f,
                    "\nserial backend (gpuinteg's own cache-blocked kernel, the tests' oracle), 1 "
                    "thread: best %.1f GFLOP/s (%.3f s), median %.1f GFLOP/s\n",
                    flop / best(&ref) / 1e9, best(&ref), flop / median(&ref) / 1e9);
    }
    if (out) {
        if (fclose(out) != 0 || rename(tmp, output) != 0) {
            fprintf(stderr, "bench_dgemm: cannot write %s: %s\n", output, strerror(errno));
            remove(tmp);
            return 1;
        }
        fprintf(stderr, "bench_dgemm: table written to %s\n", output);
    }

    for (int c = 0; c < ncounts; c++)
        gi_context_destroy(ctx[c]);
    gi_context_destroy(serial_ctx);
    free(A);
    free(B);
    free(Cg);
    free(Cb);
    return 0;
}
