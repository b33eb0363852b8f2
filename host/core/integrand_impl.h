/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * host/core/integrand_impl.h — the inside of gi_integrand and the rule layouts, shared by the
 * files of host/core.
 */
#ifndef GI_CORE_INTEGRAND_IMPL_H
#define GI_CORE_INTEGRAND_IMPL_H

#include <gpuinteg/integrand.h>

#include "core/backend.h"

struct gi_integrand {
    gi_integrand_desc desc;          /* what backends receive; desc.impl points back here */
    struct gi_expr *expr;            /* expression integrands: the checked tree … */
    struct gi_expr_program *program; /* … its CPU form */
    char *opencl_source, *cuda_source;
    gi_integrand_fn fn; /* callbacks */
    gi_integrand_vector_fn vector_fn;
    void *user;
};

/* Checks *rule (NULL: midpoint); GI_STATUS_INVALID_ARGUMENT with the message otherwise. */
gi_status gi_rule_check(gi_error *err, const gi_rule *rule);

/* The layout of *rule (checked; NULL: midpoint) on *p (checked), or on its coarse grid of
 * ⌈nx/2⌉×⌈ny/2⌉ cells when coarse is non-zero. */
void gi_rule_layout_make(const gi_rule *rule, const gi_integrate_params *p, int coarse,
                         gi_rule_layout *R);

#endif /* GI_CORE_INTEGRAND_IMPL_H */
