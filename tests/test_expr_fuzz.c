/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * A bounded fuzz run of the expression front end in the suite: 40 000 inputs from a fixed
 * seed, half random token soup, half single-byte mutations of valid expressions (the inputs
 * that reach deepest). The properties are those of tests/fuzz/expr_fuzz_one.h; the longer
 * libFuzzer run of the same properties is tests/fuzz/fuzz_expr.c.
 */
#include <criterion/criterion.h>
#include <stdint.h>

#include "fuzz/expr_fuzz_one.h"

static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 16);
}

static const char *const pieces[] = {
    "x",      "y",    "a",   "b_2", "z", "1", "0.5", "1e308", "1e309", ".",       "e",
    "2.5e-3", "+",    "-",   "*",   "/", "^", "(",   ")",     ",",     "<",       "<=",
    ">",      ">=",   "==",  "!=",  "=", "!", " ",   "sin",   "atan2", "if",      "pow",
    "lgamma", "sinn", "(x)", "(y,", ";", "#", "\"",  "\xff",  "__x",   "tgamma(",
};

static const char *const seeds[] = {
    "exp(-(x*x+y*y)/2) * cos(3*x*y)",
    "if(x < y, sin(a*x), cos(b_2*y)) + atan2(y, x)^2",
    "-x^-y^2 + pow(hypot(x, y), 0.5) / (1 + erf(x) * erfc(y))",
    "lgamma(x + 3) - tgamma(y + 2) + fmin(fmax(x, y), 1) + floor(x) * ceil(y)",
};

Test(expr_fuzz, bounded_run)
{
    static char src[GI_EXPR_MAX_LENGTH + 64];
    for (int iter = 0; iter < 40000; iter++) {
        if (iter % 2 == 0) {
            src[0] = '\0';
            size_t len = 0;
            int count = 1 + (int)(next() % 40);
            for (int k = 0; k < count; k++) {
                const char *p = pieces[next() % (sizeof pieces / sizeof pieces[0])];
                size_t n = strlen(p);
                memcpy(src + len, p, n + 1);
                len += n;
            }
        } else {
            strcpy(src, seeds[next() % (sizeof seeds / sizeof seeds[0])]);
            size_t len = strlen(src);
            for (int m = 1 + (int)(next() % 3); m > 0; m--) {
                size_t at = next() % len;
                src[at] = (char)(32 + next() % 95);
            }
        }
        const char *broke = fuzz_expr_one(src);
        cr_assert_null(broke, "input '%s': %s", src, broke ? broke : "");
    }
}

Test(expr_fuzz, deep_and_long_inputs_are_refused_cleanly)
{
    static char src[GI_EXPR_MAX_LENGTH * 2];
    const char *const unit[] = {"(", "-", "sin(", "2^"};
    for (int u = 0; u < 4; u++) {
        src[0] = '\0';
        for (int k = 0; k < 1500; k++)
            strcat(src, unit[u]);
        cr_assert_null(fuzz_expr_one(src));
    }
}
