#!/usr/bin/env python3
# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""The course's integration2d_mpi.py on gpuinteg with mpi4py: each rank integrates a share of
the grid's tiles, rank 0 gathers every tile's compensated pair in tile order and combines
them. The result has the same bits as one gpuinteg.integrate in one process, for any number
of ranks (the course's version changes with the number of ranks: 4.49e-12 on 4).

    mpirun -n 4 python3 integration2d_mpi.py [N] [--device openmp] [--check]
"""

import argparse

import numpy as np
from mpi4py import MPI

import gpuinteg


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("n", nargs="?", type=int, default=10000)
    p.add_argument("--device", default="auto")
    p.add_argument("--check", action="store_true",
                   help="rank 0 also integrates in one call and compares the bits")
    args = p.parse_args()
    comm = MPI.COMM_WORLD
    rank, size = comm.Get_rank(), comm.Get_size()

    tiles = gpuinteg.tile_count(n=args.n)
    # Contiguous shares, the first tiles % size ranks one tile more.
    counts = [tiles // size + (r < tiles % size) for r in range(size)]
    first = sum(counts[:rank])

    comm.Barrier()
    t0 = MPI.Wtime()
    mine = (gpuinteg.integrate_tiles(first, counts[rank], n=args.n, device=args.device)
            if counts[rank] else np.empty((0, 2)))
    pairs = np.empty((tiles, 2)) if rank == 0 else None
    comm.Gatherv(mine, [pairs, [2 * c for c in counts], None, MPI.DOUBLE] if rank == 0 else None,
                 root=0)
    if rank == 0:
        value, exact, error = gpuinteg.combine_tiles(pairs, n=args.n)
        elapsed = MPI.Wtime() - t0
        print(f"Integral value is {value:e}, Error is {error:e}")
        print(f"Time spent: {elapsed:.2f} sec ({size} ranks, {tiles} tiles)")
        if args.check:
            one = gpuinteg.integrate(n=args.n, device=args.device)
            same = one.value == value
            print(f"one process: {one.value!r}; {size} ranks: {value!r}: "
                  f"{'the same bits' if same else 'DIFFERENT'}")
            if not same:
                raise SystemExit(1)


if __name__ == "__main__":
    main()
