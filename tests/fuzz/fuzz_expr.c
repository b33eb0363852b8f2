/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target for the expression front end (see expr_fuzz_one.h for the properties).
 * Built when the compiler is clang (cmake -DCMAKE_C_COMPILER=clang -DGI_BUILD_FUZZERS=ON):
 *     build/…/bin/fuzz_expr -max_total_time=600 -max_len=4200 tests/fuzz/corpus
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "expr_fuzz_one.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *src = malloc(size + 1);
    if (!src)
        return 0;
    memcpy(src, data, size);
    src[size] = '\0';
    const char *broke = fuzz_expr_one(src);
    free(src);
    if (broke)
        abort();
    return 0;
}
