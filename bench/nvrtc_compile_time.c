/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * NVRTC's compile time for the user's integrand (no GPU needed: NVRTC runs on the CPU), cold
 * (a fresh cache folder) and warm (the disk cache), for the architectures given.
 * Usage: nvrtc_compile_time [EXPR] — prints one line per architecture.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "cuda_nvrtc.h"
#include "expr/expr.h"

int main(int argc, char **argv)
{
    const char *text = argc > 1 ? argv[1] : "exp(-(x*x+y*y)/2) * cos(3*x*y)";
    gi_expr_error why;
    gi_expr *e = gi_expr_compile(text, NULL, NULL, 0, &why);
    if (!e) {
        fprintf(stderr, "%s\n", why.msg);
        return 2;
    }
    char *src = gi_expr_emit_c(e, GI_EXPR_CUDA);
    char dir[64];
    snprintf(dir, sizeof dir, "/tmp/gi-nvrtc-bench-%ld", (long)getpid());
    setenv("GPUINTEG_CUDA_CACHE", dir, 1);
    const int archs[][2] = {{8, 0}, {9, 0}, {12, 0}};
    printf("%-8s %12s %12s %10s   %s\n", "arch", "compile_s", "cached_s", "cubin_B", text);
    for (int a = 0; a < 3; a++) {
        gi_nvrtc_target t = {archs[a][0], archs[a][1], "bench"};
        gi_nvrtc_result cold, warm;
        gi_error err;
        if (gi_nvrtc_compile(src, &t, &cold, &err) != GI_STATUS_OK) {
            printf("sm_%d%d: %s\n", t.major, t.minor, err.msg);
            continue;
        }
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        gi_nvrtc_compile(src, &t, &warm, &err);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        printf("sm_%d%-4d %12.3f %12.6f %10zu\n", t.major, t.minor, cold.compile_s,
               (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec),
               cold.size);
        free(cold.cubin);
        free(warm.cubin);
    }
    free(src);
    gi_expr_free(e);
    return 0;
}
