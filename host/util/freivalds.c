/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Freivalds' matrix-vector products (freivalds.h).
 */
#include "freivalds.h"

#include <math.h>

enum { V = GI_DGEMM_VERIFY_VECTORS };

void gi_freivalds_matvec(char trans, int64_t rows, int64_t cols, const double *M, int64_t ld,
                         const double *x, const double *xa, int64_t x_stride, double *y, double *ya)
{
    if (trans == 'N') {
        for (int64_t j = 0; j < cols; j++) {
            const double *col = M + j * ld;
            for (int v = 0; v < V; v++) {
                double xj = x[v * x_stride + j], xaj = xa[v * x_stride + j];
                double *yv = y + v * rows, *yav = ya + v * rows;
                for (int64_t i = 0; i < rows; i++) {
                    yv[i] += col[i] * xj;
                    yav[i] += fabs(col[i]) * xaj;
                }
            }
        }
    } else {
        /* op(M)(i, j) = M[j + i·ld]: row i of op(M) is column i of M. */
        for (int64_t i = 0; i < rows; i++) {
            const double *col = M + i * ld;
            for (int v = 0; v < V; v++) {
                const double *xv = x + v * x_stride, *xav = xa + v * x_stride;
                double s = 0.0, sa = 0.0;
                for (int64_t j = 0; j < cols; j++) {
                    s += col[j] * xv[j];
                    sa += fabs(col[j]) * xav[j];
                }
                y[v * rows + i] += s;
                ya[v * rows + i] += sa;
            }
        }
    }
}
