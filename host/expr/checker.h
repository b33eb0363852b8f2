/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/expr/checker.h — names and arities: what makes a parsed tree a checked one.
 */
#ifndef GI_EXPR_CHECKER_H
#define GI_EXPR_CHECKER_H

#include "tree.h"

/* Resolves every NAME to x, y or a parameter and every CALL to a function of the allow-list
 * with its arity. Returns 0, or -1 with *err pointing at the first offending name. */
int gi_expr_check(gi_expr *e, gi_expr_error *err);

#endif /* GI_EXPR_CHECKER_H */
