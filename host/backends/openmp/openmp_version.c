/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The openmp backend's section of `gpuinteg --version`: the BLAS it loaded for gemm (vendor,
 * version, threading, kernels), or why there is none.
 */
#include <stdio.h>
#include <string.h>

#include "common/version_section.h"
#include "util/json_text.h"
#include "openmp_version.h"
#ifdef GI_HAVE_OPENBLAS
#include "openblas_lib.h"
#endif

void openmp_version(void *state, int count, const gi_error *why, gi_backend_version *out)
{
    (void)state;
    char version[64] = "", threading[32] = "", kernels[64] = "", reason[400] = "";
    if (count == 0)
        snprintf(reason, sizeof reason, "%.399s", why->msg);
#ifdef GI_HAVE_OPENBLAS
    gi_error err = {{0}};
    const gi_openblas_lib *lib = count > 0 ? gi_openblas_lib_get(&err) : NULL;
    if (lib) {
        static const char *const flavours[] = {"sequential", "pthreads", "OpenMP"};
        const char *config = lib->get_config(), *core = lib->get_corename();
        int f = lib->get_parallel();
        /* The config string starts "OpenBLAS 0.3.21 …". */
        if (!config || sscanf(config, "OpenBLAS %63s", version) != 1)
            snprintf(version, sizeof version, "unknown");
        snprintf(threading, sizeof threading, "%s",
                 f >= 0 && f <= 2 ? flavours[f] : "unknown threading");
        snprintf(kernels, sizeof kernels, "%s", core ? core : "unknown");
    } else if (count > 0) {
        snprintf(reason, sizeof reason, "%.399s", err.msg);
    }
#else
    if (count > 0)
        snprintf(reason, sizeof reason, "built without OpenBLAS");
#endif
    gi_json_text j;
    gi_version_section_begin(out, "blas", "BLAS", &j);
    if (version[0]) {
        gi_json_string(&j, "vendor", "OpenBLAS");
        gi_json_string(&j, "version", version);
        gi_json_string(&j, "threading", threading);
        gi_json_string(&j, "kernels", kernels);
        snprintf(out->text, sizeof out->text, "OpenBLAS %s, %s threading, %s kernels", version,
                 threading, kernels);
    } else {
        gi_json_string(&j, "vendor", NULL);
        gi_json_string(&j, "reason", reason[0] ? reason : "the openmp backend did not say");
        snprintf(out->text, sizeof out->text, "none: %s",
                 reason[0] ? reason : "the openmp backend did not say");
    }
    gi_json_close(&j, '}');
}
