#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""A model of gpuinteg's MPI runs out to 64 nodes x 4 GPUs: communication cost and the parallel
efficiency it predicts, for integrate (one gather of tile pairs) and for gemm (block traffic).

Every assumption is a named constant below and is printed with the tables; docs/mpi-scaling.md
explains them. Run: bench/mpi_model.py [--markdown]
"""
import math
import sys

# ---- network: 100 Gb/s InfiniBand (EDR/HDR100), one link per node -----------------------------
ALPHA = 1.5e-6  # s, MPI point-to-point latency between nodes (small messages)
BETA = 12.5e9  # B/s, link bandwidth (100 Gb/s), what the root's one link can receive
O_MSG = 0.3e-6  # s, root's per-message overhead in a linear MPI_Gatherv (Open MPI's is linear)

# ---- one GPU (H100, ../shared/workloads.md §5) ----------------------------------------------
EVAL_RATE = 371e9  # sine evaluations/s, the 0.27 ms kernel for n = 1e4
RANK_FIXED = 20e-6  # s per call and rank: kernel launch, copy of the pairs back, synchronise
DGEMM_RATE = 50e12  # FP64 FLOP/s of cuBLAS DGEMM on large blocks (56 measured at n = 3000)
PCIE = 25e9  # B/s host<->device per GPU, between pageable (~10) and pinned (~50) staging

# ---- rank 0's combine, measured here by bench/mpi_combine (1.6 ns per tile) -----------------
COMBINE_PER_TILE = 1.63e-9  # s

GPUS_PER_NODE = 4
NODE_BW = 20e9  # B/s, rank-to-rank copies inside one node (host shared memory, host buffers)
RANKS = [1, 4, 16, 64, 256]  # 1 GPU, then 1, 4, 16, 64 nodes of 4 GPUs


def tiles(n):
    """gpuinteg's tile count for an n x n grid (host/core/tile_layout.h)."""
    tnx = max(16, -(-n // 1024))
    tny = max(2048, -(-n // 64))
    return (-(-n // tnx)) * (-(-n // tny))


def log2c(p):
    return math.ceil(math.log2(p)) if p > 1 else 0


def integrate_time(n, p):
    """Wall time of one distributed integral on p GPU ranks (compute + agreement + gather +
    combine), and its communication part."""
    t = tiles(n)
    per_rank_tiles = -(-t // p)
    compute = (n * n) * (per_rank_tiles / t) / EVAL_RATE + RANK_FIXED
    if p == 1:
        comm = 0.0
    else:
        allreduce = 2 * ALPHA * log2c(p)  # the status agreement (recursive doubling)
        gather = ALPHA + (p - 1) * O_MSG + (t * 16) * (p - 1) / p / BETA
        comm = allreduce + gather
    return compute + comm + t * COMBINE_PER_TILE, comm


def integrate_table():
    rows = []
    for n in (10_000, 100_000, 1_000_000):
        t1, _ = integrate_time(n, 1)
        for p in RANKS:
            tp, comm = integrate_time(n, p)
            rows.append((n, tiles(n), tiles(n) * 16, p, tp, comm, t1 / (p * tp)))
    return rows


def grid(p):
    """The most square r x c = p process grid (r <= c)."""
    r = int(math.isqrt(p))
    while p % r:
        r -= 1
    return r, p // r


def rank_bw(p):
    """Bandwidth one rank gets when every rank communicates at once: inside one node the
    host's memory copies, across nodes the node's link shared by its GPUS_PER_NODE ranks."""
    return NODE_BW if p <= GPUS_PER_NODE else BETA / GPUS_PER_NODE


def bcast(nbytes, q, bw):
    """MPI_Bcast of nbytes among q ranks: binomial for small, scatter + allgather for large."""
    if q <= 1:
        return 0.0
    small = log2c(q) * (ALPHA + nbytes / bw)
    large = 2 * log2c(q) * ALPHA + 2 * nbytes * (q - 1) / q / bw
    return min(small, large)


def gemm_ring(n, p):
    """1-D ring: rank j owns column blocks of A, B, C; the A blocks travel round the ring, P
    steps, each a gi_dgemm of m x n/P x n/P and a send/receive of m*n/P doubles, not
    overlapped; each step's gi_dgemm (host memory in and out) moves its operands over PCIe."""
    nb = n / p
    step_flops = 2 * n * nb * nb
    step_pcie = 8 * (n * nb + nb * nb + 2 * n * nb) / PCIE  # A block, B part, C in and out
    step_net = 0.0 if p == 1 else ALPHA + 8 * n * nb / rank_bw(p)
    return p * (step_flops / DGEMM_RATE + step_pcie + step_net)


def gemm_summa(n, p):
    """2-D SUMMA on an r x c grid with panels of the local block width: per step one broadcast
    of an A block along the process row and one of a B block along the column, then a
    gi_dgemm of the local blocks (operands over PCIe)."""
    r, c = grid(p)
    mb, nb = n / r, n / c
    steps = max(r, c)
    kb = n / steps
    step_flops = 2 * mb * nb * kb
    step_pcie = 8 * (mb * kb + kb * nb + 2 * mb * nb) / PCIE
    step_net = bcast(8 * mb * kb, c, rank_bw(p)) + bcast(8 * kb * nb, r, rank_bw(p))
    return steps * (step_flops / DGEMM_RATE + step_pcie + step_net)


def gemm_table():
    rows = []
    for n in (3_000, 30_000, 100_000):
        ideal1 = 2 * n ** 3 / DGEMM_RATE
        for p in RANKS:
            ring, summa = gemm_ring(n, p), gemm_summa(n, p)
            mem_gib = 5 * 8 * n * n / p / 2 ** 30  # SUMMA: A, B, C blocks + two receive buffers
            rows.append((n, p, ring, ideal1 / (p * ring), summa, ideal1 / (p * summa), mem_gib))
    return rows


def main():
    md = "--markdown" in sys.argv
    print(f"assumptions: network {BETA * 8 / 1e9:.0f} Gb/s, latency {ALPHA * 1e6:.1f} us, "
          f"{O_MSG * 1e6:.1f} us per gathered message; GPU {EVAL_RATE / 1e9:.0f}e9 sines/s, "
          f"{RANK_FIXED * 1e6:.0f} us per call, DGEMM {DGEMM_RATE / 1e12:.0f} TFLOP/s, PCIe "
          f"{PCIE / 1e9:.0f} GB/s; {GPUS_PER_NODE} GPUs per node share its link, "
          f"{NODE_BW / 1e9:.0f} GB/s between ranks of one node; combine {COMBINE_PER_TILE * 1e9:.2f} ns/tile (measured)\n")
    sep = " | " if md else "  "
    print("integrate (one value per run):")
    hdr = ["n", "tiles", "gathered", "GPUs", "time", "of it comm", "efficiency"]
    if md:
        print("| " + " | ".join(hdr) + " |\n|" + "---|" * len(hdr))
    else:
        print(sep.join(f"{h:>12}" for h in hdr))
    for n, t, b, p, tp, comm, eff in integrate_table():
        cells = [f"{n:.0e}", str(t), f"{b / 1024:.0f} KiB", str(p), f"{tp * 1e3:.3f} ms",
                 f"{comm * 1e6:.0f} us", f"{eff * 100:.0f}%"]
        print(("| " + " | ".join(cells) + " |") if md else sep.join(f"{c:>12}" for c in cells))
    print("\ngemm (n x n x n; efficiency against one GPU at its DGEMM rate, no transfers):")
    hdr = ["n", "GPUs", "1-D ring", "ring eff.", "SUMMA", "SUMMA eff.", "GiB/rank"]
    if md:
        print("| " + " | ".join(hdr) + " |\n|" + "---|" * len(hdr))
    else:
        print(sep.join(f"{h:>12}" for h in hdr))
    for n, p, ring, er, summa, es, mem in gemm_table():
        cells = [str(n), str(p), f"{ring:.3f} s", f"{er * 100:.0f}%", f"{summa:.3f} s",
                 f"{es * 100:.0f}%", f"{mem:.1f}"]
        print(("| " + " | ".join(cells) + " |") if md else sep.join(f"{c:>12}" for c in cells))


if __name__ == "__main__":
    main()
