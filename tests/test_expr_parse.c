/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * The expression language's front end (host/expr): what it accepts evaluates as C does, and
 * every malformed expression in the table is refused with its own one-line message and column.
 */
#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "expr/expr.h"

static gi_expr *compile_ab(const char *src, gi_expr_error *err)
{
    static const char *const names[] = {"a", "b"};
    static const double values[] = {1.5, -0.25};
    return gi_expr_compile(src, names, values, 2, err);
}

typedef struct good_case {
    const char *src;
    double x, y, want; /* want computed by the C compiler from the same formula */
} good_case;

#define A  1.5
#define Bv (-0.25)
/* The same formula written twice: once as the expression, once as C. */
#define GOOD(src, x, y, c)                                                                         \
    {                                                                                              \
        src, x, y, c                                                                               \
    }

static const good_case good[] = {
    GOOD("x + y", 0.3, 0.7, 0.3 + 0.7),
    GOOD("x - y - 1", 0.3, 0.7, 0.3 - 0.7 - 1),
    GOOD("2 * x / y", 0.3, 0.7, 2 * 0.3 / 0.7),
    GOOD("-x^2", 3.0, 0.0, -9.0),
    GOOD("2^3^2", 0.0, 0.0, 512.0),
    GOOD("2^-1", 0.0, 0.0, 0.5),
    GOOD("--x", 2.0, 0.0, 2.0),
    GOOD("sin(x+y)", 0.3, 0.7, 0.8414709848078965),                        /* sin(1) */
    GOOD("exp(-(x*x+y*y)/2) * cos(3*x*y)", 0.5, -0.5, 0.5698398640435622), /* Python math */
    GOOD("a * x + b", 2.0, 0.0, A * 2.0 + Bv),
    GOOD("atan2(y, x) + hypot(x, y)", 3.0, 4.0, 0.9272952180016122 + 5.0),
    GOOD("fmin(x, y) + fmax(x, y) + pow(x, 2)", 1.0, 2.0, 1.0 + 2.0 + 1.0),
    GOOD("if(x < y, 1, 2) + if(x >= y, 10, 20) + if(x == 1, 100, 200) + if(x != 1, 1e3, 2e3)", 1.0,
         2.0, 1 + 20 + 100 + 2000),
    GOOD("if(x <= y, x, y) * if(x > y, 0, 1)", 1.0, 1.0, 1.0),
    GOOD("1.5e2 + .5 + 2. + 1E-1", 0.0, 0.0, 150 + 0.5 + 2 + 0.1),
    GOOD("  sqrt( x )\t+ cbrt(y) ", 4.0, 27.0, 5.0),
    GOOD("floor(x) + ceil(y) + fabs(-x)", 1.5, 1.5, 1 + 2 + 1.5),
    GOOD("erf(0) + erfc(0) + tgamma(5) + lgamma(1)", 0.0, 0.0, 0 + 1 + 24 + 0),
    GOOD("log(exp(x)) + log2(8) + log10(100) + log1p(0) + expm1(0)", 2.0, 0.0, 2 + 3 + 2 + 0 + 0),
    GOOD("sinh(0) + cosh(0) + tanh(0) + asin(0) + acos(1) + atan(0) + tan(0)", 0, 0, 1.0),
};

/* Plain loops over the tables: Criterion's parameterized tests run in a fresh process where the
 * table's string pointers would not be valid. */
static void accepts(const good_case *c)
{
    gi_expr_error err;
    gi_expr *e = compile_ab(c->src, &err);
    cr_assert_not_null(e, "'%s' refused: %s", c->src, err.msg);
    double v = gi_expr_eval(e, c->x, c->y);
    cr_assert_leq(fabs(v - c->want), 4e-16 * fmax(1.0, fabs(c->want)), "'%s' = %.17g, want %.17g",
                  c->src, v, c->want);
    cr_assert_str_eq(gi_expr_source(e), c->src);
    gi_expr_free(e);
}

typedef struct bad_case {
    const char *src;
    const char *msg; /* the whole message */
    int column;
} bad_case;

static const bad_case bad[] = {
    {"1 + sinn(x)", "unknown function 'sinn' at column 5", 5},
    {"", "empty expression", 0},
    {"   ", "empty expression", 0},
    {"(x + y", "unbalanced parentheses: '(' is never closed at column 1", 1},
    {"x + y)", "unbalanced parentheses: ')' has no matching '(' at column 6", 6},
    {"sin(x", "unbalanced parentheses: '(' is never closed at column 4", 4},
    {"sin(x, y)", "wrong number of arguments: sin takes 1, given 2 at column 1", 1},
    {"atan2(x)", "wrong number of arguments: atan2 takes 2, given 1 at column 1", 1},
    {"x + pow()", "wrong number of arguments: pow takes 2, given 0 at column 5", 5},
    {"z * 2",
     "unknown name 'z' (a name is x, y and the parameters a, b; declare others with "
     "--param) at column 1",
     1},
    {"x(2)", "'x' is not a function (write '*' to multiply) at column 1", 1},
    {"sin + 1", "function 'sin' needs its arguments in parentheses: sin(…) at column 1", 1},
    {"x + * y", "expected a number, x, y, a parameter, a function or '(' but found '*' at column 5",
     5},
    {"x y",
     "expected an operator (+ - * / ^) or the end of the expression but found 'y' at column "
     "3",
     3},
    {"x < y",
     "comparison '<' is allowed only as the condition of if(a < b, then, else) at column 3", 3},
    {"if(x, 1, 2)",
     "expected a comparison (< <= > >= == !=) in if(a < b, then, else) but found "
     "',' at column 5",
     5},
    {"if(x < 1, 2)",
     "wrong number of arguments: if takes 3 (a comparison, then, else) at column "
     "12",
     12},
    {"if(x < 1, 2, 3, 4)",
     "wrong number of arguments: if takes 3 (a comparison, then, else) at "
     "column 15",
     15},
    {"x = 1", "'=' is not an operator (comparison is '==') at column 3", 3},
    {"!x", "'!' is not an operator (comparison is '!=') at column 1", 1},
    {"x; system(1)", "unexpected character ';' at column 2", 2},
    {"x # y", "unexpected character '#' at column 3", 3},
    {"\"x\"", "unexpected character '\"' at column 1", 1},
    {"x\xc3\xa9", "unexpected character byte 0xc3 at column 2", 2},
    {"1e999", "number '1e999' is out of the range of doubles at column 1", 1},
    {"1.2.3", "malformed number '1.2.3' at column 1", 1},
    {"2x", "malformed number '2x' at column 1", 1},
    {"1e+", "malformed number '1e' at column 1", 1},
    {"x +",
     "expected a number, x, y, a parameter, a function or '(' but found end of expression "
     "at column 4",
     4},
    {"if", "'if' needs its arguments: if(a < b, then, else) at column 1", 1},
    {"__builtin_trap()", "unknown function '__builtin_trap' at column 1", 1},
};

Test(expr, accepts_the_grammar)
{
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++)
        accepts(&good[i]);
}

static void refuses(const bad_case *c)
{
    gi_expr_error err;
    gi_expr *e = compile_ab(c->src, &err);
    cr_assert_null(e, "'%s' was accepted", c->src);
    cr_assert_str_eq(err.msg, c->msg, "'%s': message '%s'", c->src, err.msg);
    cr_assert_eq(err.column, c->column, "'%s': column %d", c->src, err.column);
    cr_assert_null(strchr(err.msg, '\n'), "one line");
}

Test(expr, refuses_the_malformed_table)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        refuses(&bad[i]);
}

Test(expr, length_limit_is_stated)
{
    static char src[GI_EXPR_MAX_LENGTH + 2];
    memset(src, ' ', sizeof src - 1);
    src[0] = 'x';
    src[sizeof src - 1] = '\0';
    gi_expr_error err;
    cr_assert_null(gi_expr_compile(src, NULL, NULL, 0, &err));
    cr_assert_str_eq(err.msg, "expression is 4097 characters long; the limit is 4096");
    src[GI_EXPR_MAX_LENGTH] = '\0'; /* exactly the limit: accepted */
    gi_expr *e = gi_expr_compile(src, NULL, NULL, 0, &err);
    cr_assert_not_null(e, "%s", err.msg);
    gi_expr_free(e);
}

Test(expr, depth_limit_is_stated)
{
    char src[400] = "";
    for (int i = 0; i < 70; i++)
        strcat(src, "(");
    strcat(src, "x");
    for (int i = 0; i < 70; i++)
        strcat(src, ")");
    gi_expr_error err;
    cr_assert_null(gi_expr_compile(src, NULL, NULL, 0, &err));
    cr_assert(strstr(err.msg, "expression nested deeper than 64 levels at column "), "%s", err.msg);
}

Test(expr, node_limit_is_stated)
{
    /* 600 additions: 1201 nodes, flat (no nesting). */
    static char src[GI_EXPR_MAX_LENGTH];
    strcpy(src, "x");
    for (int i = 0; i < 600; i++)
        strcat(src, "+y");
    gi_expr_error err;
    cr_assert_null(gi_expr_compile(src, NULL, NULL, 0, &err));
    cr_assert(strstr(err.msg, "expression has more than 1024 numbers, names and operators at "),
              "%s", err.msg);
}

Test(expr, parameter_names_are_checked)
{
    gi_expr_error err;
    const char *const reserved[] = {"x", "y", "if", "sin", "erfc"};
    for (int i = 0; i < 5; i++) {
        cr_assert_eq(gi_expr_check_name(reserved[i], &err), -1, "%s", reserved[i]);
        cr_assert(strstr(err.msg, "is reserved"), "%s", err.msg);
    }
    cr_assert_eq(gi_expr_check_name("2a", &err), -1);
    cr_assert_eq(gi_expr_check_name("a-b", &err), -1);
    cr_assert_eq(gi_expr_check_name("", &err), -1);
    cr_assert_eq(gi_expr_check_name("alpha_2", &err), 0);
    const char *const twice[] = {"a", "a"};
    const double v[] = {1, 2};
    cr_assert_null(gi_expr_compile("a", twice, v, 2, &err));
    cr_assert_str_eq(err.msg, "parameter 'a' is given twice");
    const char *const one[] = {"a"};
    const double inf[] = {INFINITY};
    cr_assert_null(gi_expr_compile("a", one, inf, 1, &err));
    cr_assert_str_eq(err.msg, "parameter 'a' = inf must be a finite number");
}

Test(expr, decimal_point_ignores_the_locale)
{
    /* "1,5" must stay two arguments whatever the locale; the lexer reads '.' only. */
    gi_expr_error err;
    gi_expr *e = gi_expr_compile("fmax(1,5) + 0.5", NULL, NULL, 0, &err);
    cr_assert_not_null(e, "%s", err.msg);
    cr_assert_eq(gi_expr_eval(e, 0, 0), 5.5);
    gi_expr_free(e);
}

Test(expr, emitted_code_holds_only_the_tree)
{
    gi_expr_error err;
    const char *const names[] = {"a"};
    const double values[] = {0.1};
    gi_expr *e =
        gi_expr_compile("exp(-a*(x*x+y*y)) * if(x < y, 1, cos(3*x*y))", names, values, 1, &err);
    cr_assert_not_null(e, "%s", err.msg);
    for (int d = 0; d < 2; d++) {
        char *src = gi_expr_emit_c(e, d == 0 ? GI_EXPR_OPENCL : GI_EXPR_CUDA);
        cr_assert_not_null(src);
        cr_assert(strstr(src, "double gi_user_f(double x, double y)"), "%s", src);
        cr_assert(strstr(src, "exp(t"), "%s", src);
        cr_assert(strstr(src, " < t"), "%s", src);
        /* 0.1 as its exact hexadecimal literal, never the decimal text given */
        cr_assert(strstr(src, "0x1.999999999999ap-4"), "%s", src);
        cr_assert(strstr(src, d == 0 ? "inline double" : "__device__"), "%s", src);
        free(src);
    }
    gi_expr_free(e);
}
