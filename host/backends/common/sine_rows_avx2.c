/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/* The avx2 path of sine_rows.h (flags in CMakeLists.txt): whole registers of 4 lanes. */
#define GI_SINE_VEC_LANES 4
#include "sine_vec.h"

#define GI_SINE_ROWS(name) gi_sine_avx2_##name
#include "sine_rows_impl.h"
#include "sine_vec_body.h"
