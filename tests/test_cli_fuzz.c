/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * A bounded, seeded fuzz of the gpuinteg program: random command lines built from each
 * subcommand's own option table (read from its --help), adversarial values, the environment
 * variables the program reads, and report paths that cannot or must not be written. Every run
 * must end on its own (no hang), by exit (no crash), with 0, 1, 2 or 3, one stderr line when it
 * fails, and leave no file it was not asked for.
 *
 * GI_FUZZ_SEED (default below) and GI_FUZZ_SECONDS (default 30) change the run; a failure
 * names the seed and the case, and the command line to repeat it.
 */
#include <criterion/criterion.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "run_cmd.h"

#define MAX_ARGS 24
#define MAX_OPTS 48

typedef struct option {
    char name[32];
    int takes_value;
} option;

typedef struct command {
    const char *name; /* "" for the default command (integrate without its name) */
    option opts[MAX_OPTS];
    int nopts;
} command;

static uint64_t rng;

static uint64_t next(void)
{
    /* splitmix64: small, seedable, good enough to pick cases. */
    uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static size_t pick(size_t n)
{
    return (size_t)(next() % n);
}

#define PICK(array) (array[pick(sizeof array / sizeof array[0])])

/* Values that are wrong for most options, or right but small (the runs stay short). */
static const char *const bad_values[] = {"",
                                         "0",
                                         "-1",
                                         "+5",
                                         " 5",
                                         "5 ",
                                         "5\n",
                                         "1e3",
                                         "0x10",
                                         "99999999999999999999",
                                         "-9223372036854775808",
                                         "9223372036854775807",
                                         "nan",
                                         "inf",
                                         "-inf",
                                         "1e308",
                                         "-1e308",
                                         "\xff\xfe",
                                         "\x1b[31mred",
                                         "%s%n%x",
                                         "a,b,c,d",
                                         "0,1,0,1",
                                         "-1e308,1e308,0,1",
                                         "0,1e308,0,1e308",
                                         "0,1e200,0,1e200",
                                         "0,0,0,0",
                                         "1,0,0,1",
                                         "0,1,0,1,2",
                                         "0,1,0",
                                         "1e-320,2e-320,0,1",
                                         "=",
                                         "--",
                                         "-",
                                         "T",
                                         "N",
                                         "t",
                                         "C",
                                         "X",
                                         "2147483648",
                                         "4097",
                                         "1000001",
                                         "auto",
                                         "serial",
                                         "fpga",
                                         "cuda:-1",
                                         "opencl:0:99999999999",
                                         "opencl:x",
                                         "openmp:1",
                                         "r.json",
                                         "r.txt"};
static const char *const small_numbers[] = {"1", "2", "3", "7", "16", "33", "64"};
static const char *const devices[] = {"serial", "openmp", "opencl", "opencl:0:0",
                                      "auto",   "cuda",   "cuda:0", "opencl:7"};
/* Report paths, relative to the run's own folder (the fixtures made in make_fixtures). */
static const char *const reports[] = {
    "r.json",    "r.html",    "r.csv",          "ro.json", "dir.json", "link.json", "dangling.json",
    "fifo.json", "/dev/full", "missing/r.json", "r.txt",   ".json",    "R.HTML",    "long"};
static const char *const env_pool[] = {"OMP_NUM_THREADS=1",
                                       "OMP_NUM_THREADS=2",
                                       "OMP_NUM_THREADS=0",
                                       "OMP_NUM_THREADS=-1",
                                       "OMP_NUM_THREADS=abc",
                                       "OMP_NUM_THREADS=100000",
                                       "OMP_NUM_THREADS=4097",
                                       "OMP_NUM_THREADS=2,1",
                                       "OMP_NUM_THREADS=",
                                       "SLURM_JOB_ID=1",
                                       "SLURM_JOB_ID=",
                                       "SLURM_CPUS_PER_TASK=17",
                                       "SLURM_CPUS_PER_TASK=0",
                                       "SLURM_CPUS_PER_TASK=99999999999999",
                                       "SLURM_CPUS_ON_NODE=1",
                                       "SLURM_JOB_CPUS_PER_NODE=8(x2),4",
                                       "SLURM_JOB_CPUS_PER_NODE=(x",
                                       "SLURM_MEM_PER_NODE=1",
                                       "SLURM_MEM_PER_NODE=4096",
                                       "SLURM_MEM_PER_NODE=abc",
                                       "SLURM_MEM_PER_NODE=99999999999999999",
                                       "SLURM_MEM_PER_CPU=1034834473201",
                                       "SLURM_MEM_PER_CPU=1",
                                       "SLURM_GPUS_ON_NODE=4096",
                                       "SLURM_GPUS_ON_NODE=-2",
                                       "SLURM_JOB_GPUS=0-4294967296",
                                       "SLURM_JOB_GPUS=0-2147483646,0-2147483646",
                                       "SLURM_STEP_GPUS=0,1",
                                       "SLURM_STEP_GPUS=x",
                                       "CUDA_VISIBLE_DEVICES=",
                                       "CUDA_VISIBLE_DEVICES=-1",
                                       "CUDA_VISIBLE_DEVICES=0",
                                       "CUDA_VISIBLE_DEVICES=GPU-xyz,0,,1",
                                       "GPUINTEG_CGROUP_ROOT=/nonexistent",
                                       "GPUINTEG_CGROUP_ROOT=",
                                       "GPUINTEG_CGROUP_ROOT=/",
                                       "GPUINTEG_CGROUP_ROOT=cg",
                                       "GPUINTEG_PLUGIN_PATH=/nonexistent",
                                       "GPUINTEG_PLUGIN_PATH=",
                                       "GPUINTEG_PLUGIN_PATH=::",
                                       "GPUINTEG_PLUGIN_PATH=/tmp"};

/* Options the fuzz leaves out: --mpi starts an MPI runtime (seconds, files in /dev/shm). */
static int left_out(const char *name)
{
    return strcmp(name, "--mpi") == 0;
}

/* Reads the options of `gpuinteg NAME --help`: lines "  [-x, ]--name [VALUE]  text". */
static void read_options(command *c)
{
    const char *args[] = {c->name[0] ? c->name : "integrate", "--help", NULL};
    gi_cli_result *r = gi_cli_run(args, NULL, 60);
    cr_assert_eq(r->exit_code, 0, "%s --help: %s", c->name, r->err);
    for (char *line = strtok(r->out, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "  -", 3) != 0)
            continue;
        char *p = strstr(line, "--");
        if (!p || c->nopts == MAX_OPTS)
            continue;
        size_t len = strcspn(p, " ");
        if (len >= sizeof c->opts[0].name)
            continue;
        option *o = &c->opts[c->nopts];
        memcpy(o->name, p, len);
        o->name[len] = '\0';
        /* One space then a word: the value's name; two spaces: the description. */
        o->takes_value = p[len] == ' ' && p[len + 1] != ' ' && p[len + 1] != '\0';
        if (!left_out(o->name))
            c->nopts++;
    }
    free(r);
    cr_assert_geq(c->nopts, 2, "no options read from %s --help", c->name);
}

/* A value for option o: mostly a good small one, else an adversarial one. */
static const char *value_for(const option *o)
{
    if (pick(3) == 0)
        return PICK(bad_values);
    if (strcmp(o->name, "--device") == 0)
        return PICK(devices);
    if (strcmp(o->name, "--report") == 0)
        return PICK(reports);
    if (strcmp(o->name, "--bounds") == 0)
        return pick(2) ? "0,1,0,2" : "-3,3,1e-3,1";
    if (strcmp(o->name, "--transa") == 0 || strcmp(o->name, "--transb") == 0)
        return pick(2) ? "N" : "T";
    if (strcmp(o->name, "--sample-ms") == 0)
        return pick(2) ? "10" : "1000";
    return PICK(small_numbers);
}

/* The fixtures every run finds in its folder. */
static void make_fixtures(const char *dir)
{
    char path[4200];
    const char *files[] = {"ro.json", "target.json"};
    for (size_t i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        FILE *f = fopen(path, "w");
        cr_assert(f);
        fputs("fixture\n", f);
        fclose(f);
    }
    snprintf(path, sizeof path, "%s/ro.json", dir);
    chmod(path, 0444);
    snprintf(path, sizeof path, "%s/dir.json", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/link.json", dir);
    cr_assert_eq(symlink("target.json", path), 0);
    snprintf(path, sizeof path, "%s/dangling.json", dir);
    cr_assert_eq(symlink("nowhere.json", path), 0);
    snprintf(path, sizeof path, "%s/fifo.json", dir);
    cr_assert_eq(mkfifo(path, 0644), 0);
    /* A cgroup v2 root with a tiny memory limit (GPUINTEG_CGROUP_ROOT=cg). */
    snprintf(path, sizeof path, "%s/cg", dir);
    mkdir(path, 0755);
    const char *cg[][2] = {
        {"cgroup.controllers", "cpu memory\n"}, {"memory.max", "1\n"}, {"cpu.max", "max 100000\n"}};
    for (size_t i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/cg/%s", dir, cg[i][0]);
        FILE *f = fopen(path, "w");
        cr_assert(f);
        fputs(cg[i][1], f);
        fclose(f);
    }
}

/* The names in dir, sorted into one '\n'-separated string. */
static char *listing(const char *dir)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, alphasort);
    cr_assert_geq(n, 0);
    size_t size = 1;
    for (int i = 0; i < n; i++)
        size += strlen(names[i]->d_name) + 1;
    char *out = calloc(1, size);
    for (int i = 0; i < n; i++) {
        strcat(out, names[i]->d_name);
        strcat(out, "\n");
        free(names[i]);
    }
    free(names);
    return out;
}

static int is_char_device(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 && S_ISCHR(st.st_mode);
}

/* The command line as a shell would take it back (for the failure message). */
static void describe(char *buf, size_t size, const char *const *env, const char *const *argv)
{
    size_t len = 0;
    buf[0] = '\0';
    for (const char *const *v = env; *v && len < size; v++)
        len += (size_t)snprintf(buf + len, size - len, "%s ", *v);
    for (const char *const *v = argv; *v && len < size; v++) {
        len += (size_t)snprintf(buf + len, size - len, "'");
        for (const char *c = *v; *c && len + 8 < size; c++)
            len += (size_t)((unsigned char)*c < 0x20 || (unsigned char)*c >= 0x7f
                                ? snprintf(buf + len, size - len, "\\x%02x", (unsigned char)*c)
                                : snprintf(buf + len, size - len, "%c", *c));
        len += (size_t)snprintf(buf + len, size - len, "' ");
    }
}

Test(cli_fuzz, random_command_lines_environments_and_report_paths, .timeout = 600)
{
    const char *seed_text = getenv("GI_FUZZ_SEED"), *seconds_text = getenv("GI_FUZZ_SECONDS");
    uint64_t seed = seed_text ? strtoull(seed_text, NULL, 0) : 20261207;
    double seconds = seconds_text ? atof(seconds_text) : 30.0;
    rng = seed;
    static command commands[] = {{.name = ""},
                                 {.name = "integrate"},
                                 {.name = "gemm"},
                                 {.name = "devices"},
                                 {.name = "monitor"}};
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        read_options(&commands[i]);

    char long_name[320];
    memset(long_name, 'x', 300);
    strcpy(long_name + 300, ".json");

    double start = gi_test_now();
    int cases = 0, failures_seen[4] = {0, 0, 0, 0};
    while (gi_test_now() - start < seconds) {
        char *dir = gi_temp_dir();
        make_fixtures(dir);
        char *before = listing(dir);

        const command *c = &commands[pick(sizeof commands / sizeof commands[0])];
        const char *argv[MAX_ARGS + 8];
        char *owned[MAX_ARGS];
        int argc = 0, nowned = 0;
        argv[argc++] = getenv("GI_CLI");
        if (c->name[0])
            argv[argc++] = c->name;
        const char *report = NULL;
        int nopts = (int)pick(5);
        for (int k = 0; k < nopts && argc < MAX_ARGS - 4; k++) {
            const option *o = &c->opts[pick((size_t)c->nopts)];
            const char *v = o->takes_value ? value_for(o) : NULL;
            if (v && strcmp(v, "long") == 0)
                v = long_name;
            if (strcmp(o->name, "--report") == 0)
                report = v;
            if (v && pick(2)) {
                /* --opt=value */
                size_t len = strlen(o->name) + strlen(v) + 2;
                char *both = malloc(len);
                snprintf(both, len, "%s=%s", o->name, v);
                argv[argc++] = owned[nowned++] = both;
            } else {
                argv[argc++] = o->name;
                if (v && pick(8))
                    argv[argc++] = v; /* else: the value is missing */
            }
        }
        if (pick(10) == 0)
            argv[argc++] = PICK(bad_values); /* a stray argument */
        /* Keep the work small where the defaults are big. */
        if (strcmp(c->name, "gemm") == 0) {
            argv[argc++] = "--size";
            argv[argc++] = "40";
        } else if (strcmp(c->name, "monitor") == 0) {
            argv[argc++] = "--quiet";
            argv[argc++] = "--";
            argv[argc++] = pick(2) ? "true" : "false";
        } else if (strcmp(c->name, "devices") != 0) {
            argv[argc++] = "-n";
            argv[argc++] = "200";
        }
        argv[argc] = NULL;

        const char *env[8];
        int nenv = (int)pick(4);
        for (int k = 0; k < nenv; k++)
            env[k] = PICK(env_pool);
        env[nenv] = NULL;

        /* Run in the case's folder: relative report paths and fixtures resolve there. */
        char here[4096];
        cr_assert(getcwd(here, sizeof here));
        cr_assert_eq(chdir(dir), 0);
        gi_run_opts o = {.env = env, .cpu = -1, .timeout_s = 60};
        gi_cli_result *r = gi_run_cmd(argv, &o);
        cr_assert_eq(chdir(here), 0);

        char shown[8192];
        describe(shown, sizeof shown, env, argv + 1);
        cr_assert_not(r->timed_out, "seed %llu case %d hung: gpuinteg %s", (unsigned long long)seed,
                      cases, shown);
        int code = r->exit_code;
        int monitored = strcmp(c->name, "monitor") == 0;
        /* monitor takes its first other argument as the command: 126/127 as a shell's. */
        int allowed = code == 0 || code == 1 || code == 2 || code == 3 ||
                      (monitored && (code == 126 || code == 127) && strstr(r->err, "cannot run"));
        cr_assert(allowed, "seed %llu case %d: exit %d (crash or unknown code): gpuinteg %s\n%s",
                  (unsigned long long)seed, cases, code, shown, r->err);
        if (code != 0 && !(monitored && code == 1 && !strstr(r->err, "gpuinteg: "))) {
            cr_assert_eq(gi_count_lines(r->err), 1,
                         "seed %llu case %d: exit %d with %d stderr lines: gpuinteg %s\n%s",
                         (unsigned long long)seed, cases, code, gi_count_lines(r->err), shown,
                         r->err);
            cr_assert(strncmp(r->err, "gpuinteg: ", 10) == 0, "seed %llu case %d: gpuinteg %s\n%s",
                      (unsigned long long)seed, cases, shown, r->err);
            if (code >= 1 && code <= 3) /* monitor's 126/127 are its command's, not ours */
                failures_seen[code]++;
        }
        /* No stray file: the folder holds what it held, plus the report asked for when the
         * run succeeded with a new file name. */
        char *after = listing(dir);
        if (strcmp(before, after) != 0) {
            /* monitor's code 1 with no line of ours is its command's: the report is written. */
            int ran = code == 0 || (monitored && code == 1 && !strstr(r->err, "gpuinteg: "));
            int expected = ran && report && !strchr(report, '/');
            char want[4200];
            snprintf(want, sizeof want, "%s\n", report ? report : "");
            cr_assert(expected,
                      "seed %llu case %d: files changed: gpuinteg %s\nbefore:\n%s\nafter:\n%s",
                      (unsigned long long)seed, cases, shown, before, after);
            /* Only the report itself may be new. */
            for (char *line = strtok(after, "\n"); line; line = strtok(NULL, "\n"))
                cr_assert(strstr(before, line) || strcmp(line, report) == 0,
                          "seed %llu case %d: stray '%s': gpuinteg %s", (unsigned long long)seed,
                          cases, line, shown);
        }
        cr_assert(is_char_device("/dev/full"), "/dev/full was replaced: gpuinteg %s", shown);
        free(after);
        free(before);
        free(r);
        for (int k = 0; k < nowned; k++)
            free(owned[k]);
        gi_remove_tree(dir);
        free(dir);
        cases++;
    }
    cr_log_info("fuzz: seed %llu, %d cases in %.0f s; failures by exit code: 1: %d, 2: %d, 3: %d",
                (unsigned long long)seed, cases, gi_test_now() - start, failures_seen[1],
                failures_seen[2], failures_seen[3]);
    cr_assert_gt(cases, 5, "too few cases ran in %.0f s", seconds);
}
