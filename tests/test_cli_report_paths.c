/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Report paths that cannot or must not be written: a read-only file (as a normal user; as
 * root the test drops to nobody with setpriv), a symbolic link (refused: the README's
 * policy), a file that is not a regular one; and the temporary files a killed writer leaves.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run_cmd.h"

#define NOBODY 65534

static char *dir;

static void setup(void)
{
    dir = gi_temp_dir();
    /* nobody (below) must reach it. */
    chmod(dir, 0777);
}

static void teardown(void)
{
    gi_remove_tree(dir);
    free(dir);
}

TestSuite(cli_report_paths, .init = setup, .fini = teardown);

static const char *in_dir(const char *name)
{
    static char buf[4][4200];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

/* Runs gpuinteg -n 10 --device serial --report path as a normal user: as itself, or as
 * nobody through setpriv when the tests run as root (who may write any file). */
static gi_cli_result *run_report(const char *path)
{
    const char *cli = getenv("GI_CLI");
    const char *as_user[] = {cli, "-n", "10", "--device", "serial", "--report", path, NULL};
    const char *as_nobody[] = {
        "setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", cli,  "-n",
        "10",      "--device",      "serial",        "--report",       path, NULL};
    gi_run_opts o = {.cpu = -1, .timeout_s = 60};
    return gi_run_cmd(geteuid() == 0 ? as_nobody : as_user, &o);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    cr_assert(f, "%s", path);
    fputs(text, f);
    fclose(f);
    if (geteuid() == 0)
        cr_assert_eq(chown(path, NOBODY, NOBODY), 0);
}

static void expect_refused(gi_cli_result *r, const char *want)
{
    cr_assert_not(r->timed_out);
    cr_assert_eq(r->exit_code, 2, "exit %d: '%s' '%s'", r->exit_code, r->err, r->out);
    cr_assert_eq(gi_count_lines(r->err), 1, "'%s'", r->err);
    cr_assert(strstr(r->err, want), "'%s' lacks '%s'", r->err, want);
    cr_assert_str_empty(r->out, "refused before the run: '%s'", r->out);
}

Test(cli_report_paths, a_read_only_file_is_refused_before_the_run)
{
    if (geteuid() == 0)
        cr_assert(gi_have_program("setpriv"), "root runs this test as nobody through setpriv");
    const char *ro = in_dir("ro.json");
    write_text(ro, "keep me\n");
    cr_assert_eq(chmod(ro, 0444), 0);
    gi_cli_result *r = run_report(ro);
    expect_refused(r, "cannot be written");
    free(r);
    struct stat st;
    cr_assert_eq(stat(ro, &st), 0);
    cr_assert_eq(st.st_mode & 07777, 0444, "the file was replaced: mode %o", st.st_mode & 07777);
    char *text = gi_read_file(ro, NULL);
    cr_assert_str_eq(text, "keep me\n");
    free(text);
}

Test(cli_report_paths, symbolic_links_are_refused)
{
    const char *target = in_dir("target.json"), *link = in_dir("link.json");
    write_text(target, "target\n");
    cr_assert_eq(symlink(target, link), 0);
    gi_cli_result *r = run_report(link);
    expect_refused(r, "is a symbolic link");
    free(r);
    struct stat st;
    cr_assert_eq(lstat(link, &st), 0);
    cr_assert(S_ISLNK(st.st_mode), "the link was replaced by a file");
    char *text = gi_read_file(target, NULL);
    cr_assert_str_eq(text, "target\n");
    free(text);

    const char *dangling = in_dir("dangling.json");
    cr_assert_eq(symlink(in_dir("nowhere.json"), dangling), 0);
    r = run_report(dangling);
    expect_refused(r, "is a symbolic link");
    free(r);
    cr_assert_eq(lstat(dangling, &st), 0);
    cr_assert(S_ISLNK(st.st_mode), "the dangling link was replaced by a file");
    cr_assert_neq(access(in_dir("nowhere.json"), F_OK), 0);
}

Test(cli_report_paths, a_fifo_is_not_a_report_file)
{
    const char *fifo = in_dir("pipe.json");
    cr_assert_eq(mkfifo(fifo, 0666), 0);
    gi_cli_result *r = run_report(fifo);
    expect_refused(r, "is not a regular file");
    free(r);
}

Test(cli_report_paths, an_existing_report_keeps_its_mode)
{
    const char *p = in_dir("private.json");
    write_text(p, "old\n");
    cr_assert_eq(chmod(p, 0600), 0);
    gi_cli_result *r = run_report(p);
    cr_assert_eq(r->exit_code, 0, "exit %d: %s", r->exit_code, r->err);
    free(r);
    struct stat st;
    cr_assert_eq(stat(p, &st), 0);
    cr_assert_eq(st.st_mode & 07777, 0600, "mode %o", st.st_mode & 07777);
    cr_assert_gt(st.st_size, 100);
}

Test(cli_report_paths, stale_temporary_files_of_a_killed_writer_are_cleaned)
{
    /* What a SIGKILL between creating the temporary file and renaming it left behind. */
    const char *stale = in_dir(".x.html.Ab12Cd"), *other = in_dir(".x.html.notours");
    const char *foreign = in_dir(".y.html.Ab12Cd");
    write_text(stale, "<html");
    write_text(other, "keep");
    write_text(foreign, "keep");
    gi_cli_result *r = run_report(in_dir("x.html"));
    cr_assert_eq(r->exit_code, 0, "exit %d: %s", r->exit_code, r->err);
    free(r);
    cr_assert_neq(access(stale, F_OK), 0, "the stale temporary file is still there");
    cr_assert_eq(access(other, F_OK), 0, "not of our naming: kept");
    cr_assert_eq(access(foreign, F_OK), 0, "another report's: kept");
    cr_assert_eq(access(in_dir("x.html"), F_OK), 0);
}
