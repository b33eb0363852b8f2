/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/* The avx512 path of sine_rows.h (flags in CMakeLists.txt): whole registers of 8 lanes. */
#define GI_SINE_VEC_LANES 8
#include "sine_vec.h"

#define GI_SINE_ROWS(name) gi_sine_avx512_##name
#include "sine_rows_impl.h"
#include "sine_vec_body.h"
