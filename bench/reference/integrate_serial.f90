! SPDX-FileCopyrightText: The gpuinteg developers
! SPDX-License-Identifier: BSD-3-Clause
! The course's serial Fortran loop, written again for gpuinteg's benchmark: the 2-D midpoint
! rule of sin(x+y) on [0,pi]^2, outer loop over x, inner over y, one running double sum.
! Usage: integrate_serial [N] [--repeat R] [--json]   (N bins per axis, default 10000)
! Prints the course's two lines (best of R runs), or with --json one JSON object.
program integrate_serial
    use, intrinsic :: iso_fortran_env, only: int64, real64
    implicit none
    integer(int64) :: n, i, j, t0, t1, rate
    integer :: run, repeat
    real(real64) :: pi, h, x, y, mysum, integral
    real(real64), allocatable :: seconds(:)
    logical :: json

    call read_args(n, repeat, json)
    allocate (seconds(repeat))
    pi = 4.0_real64 * atan(1.0_real64)
    h = pi / real(n, real64)

    do run = 1, repeat
        call system_clock(t0, rate)
        mysum = 0.0_real64
        do i = 0, n - 1
            x = h * (real(i, real64) + 0.5_real64)
            do j = 0, n - 1
                y = h * (real(j, real64) + 0.5_real64)
                mysum = mysum + sin(x + y)
            end do
        end do
        integral = h * h * mysum
        call system_clock(t1)
        seconds(run) = real(t1 - t0, real64) / real(rate, real64)
    end do

    call report(integral, seconds, n, 1, json)

contains

    include 'integrate_common.inc'

end program integrate_serial
