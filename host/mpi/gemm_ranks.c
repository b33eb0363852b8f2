/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
#include "gemm_ranks.h"

#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gpuinteg/random.h>

#include "share.h"
#include "util/freivalds.h"

/* MPI counts are ints: big blocks go in pieces. */
#define GI_MPI_CHUNK (1 << 30)

static void bcast_doubles(double *buf, int64_t count, int root, MPI_Comm comm)
{
    for (int64_t done = 0; done < count; done += GI_MPI_CHUNK) {
        int64_t left = count - done;
        MPI_Bcast(buf + done, (int)(left < GI_MPI_CHUNK ? left : GI_MPI_CHUNK), MPI_DOUBLE, root,
                  comm);
    }
}

static void allreduce_sum(double *buf, int64_t count, MPI_Comm comm)
{
    for (int64_t done = 0; done < count; done += GI_MPI_CHUNK) {
        int64_t left = count - done;
        MPI_Allreduce(MPI_IN_PLACE, buf + done, (int)(left < GI_MPI_CHUNK ? left : GI_MPI_CHUNK),
                      MPI_DOUBLE, MPI_SUM, comm);
    }
}

void gi_mpi_gemm_layout_make(const gi_mpi_job *job, int64_t m, int64_t n, int64_t k,
                             gi_mpi_gemm_layout *l)
{
    memset(l, 0, sizeof *l);
    int p = job->ranks, r = (int)sqrt((double)p);
    while (r > 1 && p % r)
        r--;
    l->r = r;
    l->c = p / r;
    l->pr = job->rank / l->c;
    l->pc = job->rank % l->c;
    l->m = m;
    l->n = n;
    l->k = k;
    gi_mpi_tile_share(m, l->r, l->pr, &l->row0, &l->rows);
    gi_mpi_tile_share(n, l->c, l->pc, &l->col0, &l->cols);
    gi_mpi_tile_share(k, l->c, l->pc, &l->ka0, &l->ka);
    gi_mpi_tile_share(k, l->r, l->pr, &l->kb0, &l->kb);
    MPI_Comm_split(job->world, l->pr, l->pc, &l->row_comm);
    MPI_Comm_split(job->world, l->pc, l->pr, &l->col_comm);
}

void gi_mpi_gemm_layout_free(gi_mpi_gemm_layout *l)
{
    if (l->row_comm != MPI_COMM_NULL)
        MPI_Comm_free(&l->row_comm);
    if (l->col_comm != MPI_COMM_NULL)
        MPI_Comm_free(&l->col_comm);
}

void gi_mpi_gemm_fill(const gi_mpi_gemm_layout *l, uint64_t seed, char transa, char transb,
                      gi_mpi_gemm_blocks *b)
{
    /* op(A)(i, j) is number j·m + i of the stream for 'N' (A stored m×k), i·k + j for 'T'
     * (stored k×m); op(B)(i, j) is m·k + j·k + i for 'N', m·k + i·n + j for 'T'. Runs that
     * are contiguous in the stream are drawn in one call. */
    if (transa == 'N')
        for (int64_t j = 0; j < l->ka; j++)
            gi_random_uniform(seed, (uint64_t)((l->ka0 + j) * l->m + l->row0), b->A + j * l->rows,
                              (size_t)l->rows);
    else
        for (int64_t j = 0; j < l->ka; j++)
            for (int64_t i = 0; i < l->rows; i++)
                gi_random_uniform(seed, (uint64_t)((l->row0 + i) * l->k + l->ka0 + j),
                                  b->A + j * l->rows + i, 1);
    uint64_t b_base = (uint64_t)(l->m * l->k);
    if (transb == 'N')
        for (int64_t j = 0; j < l->cols; j++)
            gi_random_uniform(seed, b_base + (uint64_t)((l->col0 + j) * l->k + l->kb0),
                              b->B + j * l->kb, (size_t)l->kb);
    else
        for (int64_t j = 0; j < l->cols; j++)
            for (int64_t i = 0; i < l->kb; i++)
                gi_random_uniform(seed, b_base + (uint64_t)((l->kb0 + i) * l->n + l->col0 + j),
                                  b->B + j * l->kb + i, 1);
}

/* The block of a `parts`-way split of `total` that holds index x. */
static int owner_of(int64_t total, int parts, int64_t x)
{
    for (int q = 0; q < parts; q++) {
        int64_t first, count;
        gi_mpi_tile_share(total, parts, q, &first, &count);
        if (x >= first && x < first + count)
            return q;
    }
    return parts - 1;
}

/* The next panel boundary after k0: the nearer end of the A block and the B block holding k0. */
static int64_t panel_end(const gi_mpi_gemm_layout *l, int64_t k0, int *a_owner, int *b_owner)
{
    int64_t fa, ca, fb, cb;
    *a_owner = owner_of(l->k, l->c, k0);
    *b_owner = owner_of(l->k, l->r, k0);
    gi_mpi_tile_share(l->k, l->c, *a_owner, &fa, &ca);
    gi_mpi_tile_share(l->k, l->r, *b_owner, &fb, &cb);
    return fa + ca < fb + cb ? fa + ca : fb + cb;
}

static int64_t max64(int64_t a, int64_t b)
{
    return a > b ? a : b;
}

/* The widest panel of the product (the broadcast buffers' size). */
static int64_t widest_panel(const gi_mpi_gemm_layout *l)
{
    int64_t widest = 0;
    for (int64_t k0 = 0; k0 < l->k;) {
        int ao, bo;
        int64_t k1 = panel_end(l, k0, &ao, &bo);
        widest = max64(widest, k1 - k0);
        k0 = k1;
    }
    return widest;
}

uint64_t gi_mpi_gemm_rank_bytes(const gi_mpi_gemm_layout *l)
{
    int64_t w = widest_panel(l);
    uint64_t doubles = (uint64_t)(l->rows * l->ka) + (uint64_t)(l->kb * l->cols) +
                       (uint64_t)(l->rows * l->cols) + (uint64_t)max64(1, l->rows * w) +
                       (uint64_t)max64(1, w * l->cols);
    return doubles * sizeof(double);
}

gi_status gi_mpi_dgemm(const gi_mpi_job *job, gi_context *ctx, const gi_mpi_gemm_layout *l,
                       gi_mpi_gemm_blocks *b, gi_mpi_gemm_times *t)
{
    memset(t, 0, sizeof *t);
    char msg[1024] = "";
    gi_status st = GI_STATUS_OK;

    int64_t widest = widest_panel(l);
    size_t a_bytes = (size_t)max64(1, l->rows * widest) * sizeof(double);
    size_t b_bytes = (size_t)max64(1, widest * l->cols) * sizeof(double);
    double *Ap = malloc(a_bytes), *Bp = malloc(b_bytes);
    if (!Ap || !Bp) {
        st = GI_STATUS_OUT_OF_MEMORY;
        snprintf(msg, sizeof msg, "cannot allocate %zu bytes for the broadcast panels",
                 a_bytes + b_bytes);
    }
    st = gi_mpi_agree(job, st, msg);
    if (st != GI_STATUS_OK) {
        free(Ap);
        free(Bp);
        return st;
    }

    /* A failed gi_dgemm does not leave the loop: the other ranks still expect this rank's
     * broadcasts. The failure is agreed on after the last panel. */
    int step = 0;
    for (int64_t k0 = 0; k0 < l->k; step++) {
        int a_owner, b_owner;
        int64_t k1 = panel_end(l, k0, &a_owner, &b_owner), w = k1 - k0;
        double t0 = MPI_Wtime();
        /* A's panel: columns k0…k1 of this process row's A, contiguous in the owner's block. */
        double *a_panel = l->pc == a_owner ? b->A + (k0 - l->ka0) * l->rows : Ap;
        bcast_doubles(a_panel, l->rows * w, a_owner, l->row_comm);
        /* B's panel: rows k0…k1 of this process column's B, packed by the owner — unless the
         * panel is the owner's whole block, which is packed already. */
        double *b_panel = Bp;
        if (l->pr == b_owner && w == l->kb)
            b_panel = b->B;
        else if (l->pr == b_owner)
            for (int64_t j = 0; j < l->cols; j++)
                memcpy(Bp + j * w, b->B + j * l->kb + (k0 - l->kb0), (size_t)w * sizeof *Bp);
        bcast_doubles(b_panel, w * l->cols, b_owner, l->col_comm);
        double t1 = MPI_Wtime();
        t->comm_s += t1 - t0;
        if (st == GI_STATUS_OK) {
            st = gi_dgemm(ctx, 'N', 'N', l->rows, l->cols, w, 1.0, a_panel, max64(1, l->rows),
                          b_panel, w, step == 0 ? 0.0 : 1.0, b->C, max64(1, l->rows));
            gi_timing pt;
            if (st != GI_STATUS_OK)
                snprintf(msg, sizeof msg, "%s", gi_last_error(ctx));
            else if (l->rows > 0 && l->cols > 0 && gi_last_timing(ctx, &pt) == GI_STATUS_OK) {
                t->kernel_s += pt.kernel_time_s;
                t->transfer_s += pt.transfer_time_s;
            }
        }
        t->dgemm_s += MPI_Wtime() - t1;
        t->panels++;
        k0 = k1;
    }
    free(Ap);
    free(Bp);
    return gi_mpi_agree(job, st, msg);
}

enum { V = GI_DGEMM_VERIFY_VECTORS };

/* Fixed, so that a check is reproducible; the vectors depend on n only. */
#define GI_MPI_VERIFY_SEED UINT64_C(0x46726569764d5049) /* "FreivMPI" */

gi_status gi_mpi_dgemm_verify(const gi_mpi_job *job, const gi_mpi_gemm_layout *l,
                              const gi_mpi_gemm_blocks *b, gi_dgemm_check *check)
{
    memset(check, 0, sizeof *check);
    const double u = DBL_EPSILON / 2, g = (double)(2 * l->k + l->n + 5);
    check->tolerance = 2.0 * (g * u / (1.0 - g * u));
    check->vectors = V;

    /* x, |x| over this rank's columns; w, |w|, z, |z| over its rows; yb, |yb| over its B rows;
     * y, |y| over all of k. */
    size_t count = (size_t)V * (size_t)(2 * l->cols + 4 * l->rows + 2 * l->kb + 2 * l->k);
    double *work = calloc(count ? count : 1, sizeof *work);
    gi_status st = work ? GI_STATUS_OK : GI_STATUS_OUT_OF_MEMORY;
    char msg[256] = "";
    if (!work)
        snprintf(msg, sizeof msg, "cannot allocate %zu bytes for Freivalds' vectors",
                 count * sizeof *work);
    st = gi_mpi_agree(job, st, msg);
    if (st != GI_STATUS_OK)
        return st;
    double *x = work, *xa = x + V * l->cols, *w = xa + V * l->cols, *wa = w + V * l->rows,
           *z = wa + V * l->rows, *za = z + V * l->rows, *yb = za + V * l->rows,
           *yba = yb + V * l->kb, *y = yba + V * l->kb, *ya = y + V * l->k;

    /* Entries ±(½ + ½u): |x_j| ≥ ½, so one wrong element of C shows in its row. */
    for (int v = 0; v < V; v++)
        for (int64_t j = 0; j < l->cols; j++) {
            double r[2];
            gi_random_uniform(GI_MPI_VERIFY_SEED,
                              2 * ((uint64_t)v * (uint64_t)l->n + (uint64_t)(l->col0 + j)), r, 2);
            double mag = 0.5 + 0.5 * r[0];
            x[v * l->cols + j] = r[1] < 0.5 ? -mag : mag;
            xa[v * l->cols + j] = mag;
        }

    /* w = C·x and yb = B·x: this rank's columns, summed along the process row. */
    gi_freivalds_matvec('N', l->rows, l->cols, b->C, l->rows, x, xa, l->cols, w, wa);
    gi_freivalds_matvec('N', l->kb, l->cols, b->B, l->kb, x, xa, l->cols, yb, yba);
    allreduce_sum(w, 2 * (int64_t)V * l->rows, l->row_comm); /* w and wa are adjacent */
    allreduce_sum(yb, 2 * (int64_t)V * l->kb, l->row_comm);  /* yb and yba */
    /* y = B·x over all of k: process row pr holds rows kb0…; column 0 of each row gives it. */
    if (l->pc == 0)
        for (int v = 0; v < V; v++) {
            memcpy(y + v * l->k + l->kb0, yb + v * l->kb, (size_t)l->kb * sizeof *y);
            memcpy(ya + v * l->k + l->kb0, yba + v * l->kb, (size_t)l->kb * sizeof *y);
        }
    allreduce_sum(y, 2 * (int64_t)V * l->k, job->world); /* y and ya */
    /* z = A·y: this rank's k-columns of A against y's matching part, summed along the row. */
    gi_freivalds_matvec('N', l->rows, l->ka, b->A, l->rows, y + l->ka0, ya + l->ka0, l->k, z, za);
    allreduce_sum(z, 2 * (int64_t)V * l->rows, l->row_comm); /* z and za */

    /* Every rank of a process row now has the row's sums; each checks its rows. */
    double worst = 0.0;
    int64_t worst_row = 0;
    for (int v = 0; v < V; v++)
        for (int64_t i = 0; i < l->rows; i++) {
            double r = fabs(w[v * l->rows + i] - z[v * l->rows + i]);
            double s = wa[v * l->rows + i] + za[v * l->rows + i];
            double rel = s > 0 ? r / s : (r == 0 ? 0.0 : INFINITY);
            if (!isfinite(r) || !isfinite(s))
                rel = INFINITY;
            if (rel > worst) {
                worst = rel;
                worst_row = l->row0 + i;
            }
        }
    struct {
        double value;
        int rank;
    } mine = {worst, job->rank}, top;
    MPI_Allreduce(&mine, &top, 1, MPI_DOUBLE_INT, MPI_MAXLOC, job->world);
    long long row = (long long)worst_row;
    MPI_Bcast(&row, 1, MPI_LONG_LONG, top.rank, job->world);
    free(work);
    check->max_rel_residual = top.value;
    check->worst_row = (int64_t)row;
    return top.value <= check->tolerance ? GI_STATUS_OK : GI_STATUS_VERIFICATION_FAILED;
}
