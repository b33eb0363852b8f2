# SPDX-FileCopyrightText: The gpuinteg developers
# SPDX-License-Identifier: BSD-3-Clause
"""The product of arrays in CUDA memory (CuPy, Numba, PyTorch: __cuda_array_interface__ v3).

The matrices stay on the GPU: gi_dgemm_device runs cuBLAS on their memory, on the stream the
producers named (the protocol's "stream": the consumer must order its work after it), and
returns when the product is done. Layouts map onto BLAS as for host arrays (the transpose
trick for C order); a layout BLAS cannot read is refused, since a copy would need the GPU's
own allocator.
"""

from __future__ import annotations

from . import _gpuinteg
from ._arrays import Matrix, blas_layout

_FLIP = {"N": "T", "T": "N"}


def stream_of(*matrices: Matrix) -> int:
    """The one stream the product runs on: the producers' (0, the default stream, when none
    names one). Producers on different streams must be synchronised by the caller first."""
    streams = {m.stream for m in matrices if m.stream is not None}
    if len(streams) > 1:
        raise ValueError(f"the arrays are on different CUDA streams ({sorted(streams)}): "
                         f"synchronise them (e.g. stream.synchronize()) or use one stream")
    return streams.pop() if streams else 0


def device_product(ctx, a: Matrix, b: Matrix, c: Matrix, alpha: float, beta: float) -> None:
    """c := alpha·a·b + beta·c, every matrix in CUDA memory."""
    where = {name: m.device for name, m in (("a", a), ("b", b), ("out", c))}
    if set(where.values()) != {"cuda"}:
        hosts = [n for n, d in where.items() if d != "cuda"]
        raise TypeError(f"{', '.join(hosts)} in host memory and the others in CUDA memory: "
                        f"pass all of a, b and out on the GPU, or all on the host")
    layouts = []
    for name, m in (("a", a), ("b", b)):
        lay = blas_layout(m)
        if lay is None:
            raise ValueError(f"{name}: strides ({m.row_stride * 8}, {m.col_stride * 8}) bytes "
                             f"cannot be read by cuBLAS in place; make it contiguous on the GPU "
                             f"first (e.g. cupy.ascontiguousarray)")
        layouts.append(lay)
    (ta, lda), (tb, ldb) = layouts
    tc, ldc = blas_layout(c)
    m, n, k = a.rows, b.cols, a.cols
    if tc == "N":
        args = (ta, tb, m, n, k, alpha, a.address, lda, b.address, ldb)
    else:  # Cᵀ = Bᵀ·Aᵀ
        args = (_FLIP[tb], _FLIP[ta], n, m, k, alpha, b.address, ldb, a.address, lda)
    ctx._call(_gpuinteg.dgemm_device, *args, beta, c.address, ldc, stream_of(a, b, c))
