#include "cpu_tile.h"

#include <math.h>
#include <string.h>

#include "simd.h"
#include "sin_row.h"

/* Sines are computed a chunk at a time into an L1-resident buffer, then summed; the chunk
 * length is fixed so that the summation order (and so the bits) never changes. */
#define GI_CPU_CHUNK 1024
/* Independent compensated sums, one per vector lane (AVX-512 holds 8 doubles). */
#define GI_CPU_LANES 8

/* Eight lanes of doubles, and the integer view used to select without branches. GCC lowers
 * these to whatever vector unit the clone targets (one zmm, two ymm or four xmm registers);
 * the lane arithmetic, and so the result, is the same for all. */
typedef double gi_v8d __attribute__((vector_size(8 * sizeof(double))));
typedef int64_t gi_v8l __attribute__((vector_size(8 * sizeof(int64_t))));

/* Adds buf[0..n) into the per-lane compensated sums (lane_s, lane_c); the remainder past a
 * multiple of the lane count goes into the tail sum. Neumaier's branch becomes a select. */
GI_VECTOR_CLONES
static void add_chunk(const double *restrict buf, size_t n, double *restrict lane_s,
                      double *restrict lane_c, double *restrict tail_s, double *restrict tail_c)
{
    const gi_v8l abs_mask = {INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX,
                             INT64_MAX, INT64_MAX, INT64_MAX, INT64_MAX};
    gi_v8d s, c, v;
    memcpy(&s, lane_s, sizeof s);
    memcpy(&c, lane_c, sizeof c);
    size_t k = 0;
    for (; k + GI_CPU_LANES <= n; k += GI_CPU_LANES) {
        memcpy(&v, buf + k, sizeof v);
        gi_v8d sum = s + v;
        gi_v8d big_s = (s - sum) + v, big_v = (v - sum) + s;
        gi_v8d abs_s = (gi_v8d)((gi_v8l)s & abs_mask), abs_v = (gi_v8d)((gi_v8l)v & abs_mask);
        gi_v8l s_wins = abs_s >= abs_v;
        c += (gi_v8d)(((gi_v8l)big_s & s_wins) | ((gi_v8l)big_v & ~s_wins));
        s = sum;
    }
    memcpy(lane_s, &s, sizeof s);
    memcpy(lane_c, &c, sizeof c);
    for (; k < n; k++)
        gi_sum_add(tail_s, tail_c, buf[k]);
}

int gi_cpu_tile_sum(const gi_tile_layout *L, int64_t t, const atomic_int *stop, gi_sum *out)
{
    int64_t i0, i1, j0, j1;
    gi_tile_bounds(L, t, &i0, &i1, &j0, &j1);

    double buf[GI_CPU_CHUNK];
    double s[GI_CPU_LANES] = {0}, c[GI_CPU_LANES] = {0};
    double tail_s = 0.0, tail_c = 0.0;
    int stopped = 0;

    for (int64_t i = i0; i < i1; i++) {
        if (atomic_load_explicit(stop, memory_order_relaxed)) {
            stopped = 1;
            break;
        }
        double x = gi_grid_x(L, i);
        for (int64_t j = j0; j < j1; j += GI_CPU_CHUNK) {
            size_t n = (size_t)(j1 - j < GI_CPU_CHUNK ? j1 - j : GI_CPU_CHUNK);
            gi_sin_row(x, L->y0, L->hy, j, n, buf);
            add_chunk(buf, n, s, c, &tail_s, &tail_c);
        }
    }

    double S = 0.0, C = 0.0;
    for (int l = 0; l < GI_CPU_LANES; l++)
        gi_sum_merge(&S, &C, (gi_sum){s[l], c[l]});
    gi_sum_merge(&S, &C, (gi_sum){tail_s, tail_c});
    out->s = S;
    out->c = C;
    return stopped;
}
