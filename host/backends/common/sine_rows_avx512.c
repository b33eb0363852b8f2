/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/* The avx512 path of sine_rows.h (flags in CMakeLists.txt). */
#define GI_SINE_ROWS(name) gi_sine_avx512_##name
#include "sine_rows_impl.h"
#include "sine_rows_body.h"
