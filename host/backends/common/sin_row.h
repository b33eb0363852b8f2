/*
 * host/backends/common/sin_row.h — the vectorised sine evaluation of the CPU backends.
 */
#ifndef GI_COMMON_SIN_ROW_H
#define GI_COMMON_SIN_ROW_H

#include <stddef.h>
#include <stdint.h>

/* out[k] = sin(x + (y0 + ((double)(j0 + k) + 0.5) * hy)) for 0 ≤ k < n: one piece of a grid
 * row, with the grid's own formula for y (see gi_grid_y). Uses glibc's vector sine (libmvec,
 * at most 4 ulp) at the widest vector unit the CPU has, chosen at load time. */
void gi_sin_row(double x, double y0, double hy, int64_t j0, size_t n, double *restrict out);

#endif /* GI_COMMON_SIN_ROW_H */
