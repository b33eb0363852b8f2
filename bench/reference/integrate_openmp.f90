! SPDX-FileCopyrightText: The gpuinteg developers
! SPDX-License-Identifier: BSD-3-Clause
! The course's Fortran OpenMP loop, written again for gpuinteg's benchmark: the serial loop with
! the outer loop shared among threads and one OpenMP sum reduction. Threads: OMP_NUM_THREADS.
! Usage: integrate_openmp [N] [--repeat R] [--json]   (N bins per axis, default 10000)
! Prints the course's two lines (best of R runs), or with --json one JSON object.
program integrate_openmp
    use, intrinsic :: iso_fortran_env, only: int64, real64
    use omp_lib, only: omp_get_wtime, omp_get_max_threads
    implicit none
    integer(int64) :: n, i, j
    integer :: run, repeat
    real(real64) :: pi, h, x, y, mysum, integral, t0
    real(real64), allocatable :: seconds(:)
    logical :: json

    call read_args(n, repeat, json)
    allocate (seconds(repeat))
    pi = 4.0_real64 * atan(1.0_real64)
    h = pi / real(n, real64)

    do run = 1, repeat
        t0 = omp_get_wtime()
        mysum = 0.0_real64
        !$omp parallel do private(x, y, j) reduction(+:mysum)
        do i = 0, n - 1
            x = h * (real(i, real64) + 0.5_real64)
            do j = 0, n - 1
                y = h * (real(j, real64) + 0.5_real64)
                mysum = mysum + sin(x + y)
            end do
        end do
        !$omp end parallel do
        integral = h * h * mysum
        seconds(run) = omp_get_wtime() - t0
    end do

    call report(integral, seconds, n, omp_get_max_threads(), json)

contains

    include 'integrate_common.inc'

end program integrate_openmp
