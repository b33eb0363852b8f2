/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "dgemm_scale.h"

void gi_dgemm_scale_c(int64_t m, int64_t n, double beta, double *C, int64_t ldc)
{
    for (int64_t j = 0; j < n; j++) {
        double *col = C + j * ldc;
        if (beta == 0.0)
            for (int64_t i = 0; i < m; i++)
                col[i] = 0.0;
        else
            for (int64_t i = 0; i < m; i++)
                col[i] *= beta;
    }
}
