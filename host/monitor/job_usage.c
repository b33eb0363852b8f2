/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * A Slurm job's use of this node: its cgroup, else its steps' slurmstepd process trees, else
 * sstat. See job_usage.h for the scopes.
 */
#include "monitor/job_usage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "monitor/command_output.h"
#include "monitor/proc_usage.h"
#include "monitor/slurm_job.h"

const char *gi_job_source_name(gi_job_source s)
{
    switch (s) {
    case GI_JOB_SOURCE_CGROUP_V2:
        return "cgroup v2";
    case GI_JOB_SOURCE_CGROUP_V1:
        return "cgroup v1";
    case GI_JOB_SOURCE_STEPD:
        return "slurmstepd processes";
    case GI_JOB_SOURCE_SSTAT:
        return "sstat";
    default:
        return "process tree";
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A file holding one unsigned number ("max" and junk give 0). */
static int read_u64(const char *dir, const char *name, uint64_t *v)
{
    char path[PATH_MAX + 64], buf[64], *end;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    if (gi_proc_read_small(path, buf, sizeof buf) <= 0)
        return 0;
    errno = 0;
    unsigned long long x = strtoull(buf, &end, 10);
    if (end == buf || errno)
        return 0;
    *v = x;
    return 1;
}

/* CPU seconds of a cgroup folder: v2 cpu.stat usage_usec, v1 cpuacct.usage (ns). */
static int cgroup_cpu_s(gi_job_source src, const char *dir, double *cpu_s)
{
    if (src == GI_JOB_SOURCE_CGROUP_V1) {
        uint64_t ns;
        if (!read_u64(dir, "cpuacct.usage", &ns))
            return 0;
        *cpu_s = 1e-9 * (double)ns;
        return 1;
    }
    char path[PATH_MAX + 16], buf[1024];
    snprintf(path, sizeof path, "%s/cpu.stat", dir);
    if (gi_proc_read_small(path, buf, sizeof buf) <= 0)
        return 0;
    const char *p = strstr(buf, "usage_usec ");
    if (!p || (p != buf && p[-1] != '\n'))
        return 0;
    *cpu_s = 1e-6 * strtod(p + 11, NULL);
    return 1;
}

static void cgroup_mem(gi_job_source src, const char *dir, uint64_t *now, uint64_t *peak)
{
    *now = *peak = 0;
    if (src == GI_JOB_SOURCE_CGROUP_V1) {
        read_u64(dir, "memory.usage_in_bytes", now);
        read_u64(dir, "memory.max_usage_in_bytes", peak);
    } else {
        read_u64(dir, "memory.current", now);
        read_u64(dir, "memory.peak", peak);
    }
}

/* Threads and runnable threads of the processes in dir's cgroup.procs and in its sub-folders. */
static void cgroup_threads(const char *dir, int depth, int *threads, int *runnable)
{
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/cgroup.procs", dir);
    FILE *f = fopen(path, "re");
    if (f) {
        int pid;
        while (fscanf(f, "%d", &pid) == 1) {
            gi_proc_sum s = {0};
            char stat_path[64];
            snprintf(stat_path, sizeof stat_path, "/proc/%d/task", pid);
            DIR *t = opendir(stat_path);
            if (t) {
                struct dirent *e;
                while ((e = readdir(t)))
                    s.threads += e->d_name[0] >= '0' && e->d_name[0] <= '9';
                closedir(t);
            }
            *threads += s.threads;
            *runnable += gi_proc_runnable(pid);
        }
        fclose(f);
    }
    if (depth >= 4)
        return;
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char sub[PATH_MAX];
        if ((size_t)snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name) >= sizeof sub)
            continue;
        if (is_dir(sub))
            cgroup_threads(sub, depth + 1, threads, runnable);
    }
    closedir(d);
}

static const char *cgroup_root(void)
{
    const char *root = getenv("GPUINTEG_CGROUP_ROOT");
    return root && root[0] ? root : "/sys/fs/cgroup";
}

/* This process's cgroup path for a v1 controller, or the v2 path ("" controller). */
static int own_cgroup(const char *controller, char *path, size_t size)
{
    FILE *f = fopen("/proc/self/cgroup", "re");
    if (!f)
        return 0;
    char line[4096];
    int found = 0;
    while (!found && fgets(line, sizeof line, f)) {
        char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
        if (!c2)
            continue;
        *c2 = '\0';
        const char *list = c1 + 1;
        int match = 0;
        if (!controller[0]) {
            match = !list[0];
        } else {
            for (const char *p = list; *p;) {
                size_t len = strcspn(p, ",");
                match |= len == strlen(controller) && strncmp(p, controller, len) == 0;
                p += len + (p[len] == ',');
            }
        }
        if (match) {
            snprintf(path, size, "%s", c2 + 1);
            path[strcspn(path, "\n")] = '\0';
            found = 1;
        }
    }
    fclose(f);
    return found;
}

/* mount + the part of path up to and including "/job_<id>", when path holds it. */
static int job_dir_from_path(const char *mount, const char *path, const char *job_id, char *dir,
                             size_t size)
{
    char needle[48];
    snprintf(needle, sizeof needle, "/job_%s", job_id);
    const char *p = strstr(path, needle);
    while (p && p[strlen(needle)] != '/' && p[strlen(needle)] != '\0')
        p = strstr(p + 1, needle);
    if (!p)
        return 0;
    int n = snprintf(dir, size, "%s%.*s", mount, (int)(p - path + (ptrdiff_t)strlen(needle)), path);
    return n > 0 && (size_t)n < size && is_dir(dir);
}

/* The first folder matching pattern. */
static int glob_dir(const char *pattern, char *dir, size_t size)
{
    glob_t g;
    int found = 0;
    if (glob(pattern, GLOB_ONLYDIR, NULL, &g) == 0) {
        if (g.gl_pathc > 0 && strlen(g.gl_pathv[0]) < size) {
            snprintf(dir, size, "%s", g.gl_pathv[0]);
            found = 1;
        }
        globfree(&g);
    }
    return found;
}

static int find_cgroup_v2(gi_job_probe *p, const char *root)
{
    char probe[PATH_MAX + 32], mount[PATH_MAX], path[4096], pattern[PATH_MAX + 64];
    snprintf(mount, sizeof mount, "%s", root);
    snprintf(probe, sizeof probe, "%s/cgroup.controllers", mount);
    if (access(probe, F_OK) != 0) {
        snprintf(mount, sizeof mount, "%s/unified", root);
        snprintf(probe, sizeof probe, "%s/cgroup.controllers", mount);
        if (access(probe, F_OK) != 0)
            return 0;
    }
    int ok = own_cgroup("", path, sizeof path) &&
             job_dir_from_path(mount, path, p->job_id, p->cpu_dir, sizeof p->cpu_dir);
    /* Slurm's layouts (task/cgroup with cgroup/v2): slurmstepd.scope under system.slice, or
     * at the top of a container's view. */
    static const char *layouts[] = {"%s/system.slice/slurmstepd.scope/job_%s",
                                    "%s/slurmstepd.scope/job_%s", "%s/*/slurmstepd.scope/job_%s"};
    for (size_t i = 0; !ok && i < sizeof layouts / sizeof *layouts; i++) {
        snprintf(pattern, sizeof pattern, layouts[i], mount, p->job_id);
        ok = glob_dir(pattern, p->cpu_dir, sizeof p->cpu_dir);
    }
    if (!ok)
        return 0;
    snprintf(p->mem_dir, sizeof p->mem_dir, "%s", p->cpu_dir);
    double cpu;
    return cgroup_cpu_s(GI_JOB_SOURCE_CGROUP_V2, p->cpu_dir, &cpu);
}

/* A v1 controller's job folder: from our own cgroup, else Slurm's layout
 * <mount>/slurm[_<node>]/uid_<uid>/job_<id>. */
static int find_v1_dir(const char *root, const char *controller, const char *job_id, char *dir,
                       size_t size)
{
    static const char *mounts[3][3] = {{"cpuacct", "cpu,cpuacct", "cpuacct,cpu"},
                                       {"memory", "memory", "memory"}};
    int k = strcmp(controller, "memory") == 0;
    char path[4096], mount[PATH_MAX], pattern[PATH_MAX + 64];
    int have_path = own_cgroup(controller, path, sizeof path);
    for (int i = 0; i < 3; i++) {
        snprintf(mount, sizeof mount, "%s/%s", root, mounts[k][i]);
        if (!is_dir(mount))
            continue;
        if (have_path && job_dir_from_path(mount, path, job_id, dir, size))
            return 1;
        snprintf(pattern, sizeof pattern, "%s/slurm*/uid_*/job_%s", mount, job_id);
        if (glob_dir(pattern, dir, size))
            return 1;
    }
    return 0;
}

static int find_cgroup_v1(gi_job_probe *p, const char *root)
{
    if (!find_v1_dir(root, "cpuacct", p->job_id, p->cpu_dir, sizeof p->cpu_dir))
        return 0;
    if (!find_v1_dir(root, "memory", p->job_id, p->mem_dir, sizeof p->mem_dir))
        p->mem_dir[0] = '\0';
    double cpu;
    return cgroup_cpu_s(GI_JOB_SOURCE_CGROUP_V1, p->cpu_dir, &cpu);
}

static gi_job_step *step_of(gi_job_probe *p, const char *id, int at_start)
{
    for (int i = 0; i < p->nsteps; i++)
        if (strcmp(p->steps[i].id, id) == 0)
            return &p->steps[i];
    if (p->nsteps == GI_JOB_MAX_STEPS)
        return NULL;
    gi_job_step *s = &p->steps[p->nsteps++];
    memset(s, 0, sizeof *s);
    snprintf(s->id, sizeof s->id, "%s", id);
    s->at_start = at_start;
    return s;
}

/* Reads the step folders (step_<id>) of the job's cgroup. */
static void read_cgroup_steps(gi_job_probe *p, int at_start, int *threads, int *runnable)
{
    DIR *d = opendir(p->cpu_dir);
    if (!d)
        return;
    for (int i = 0; i < p->nsteps; i++)
        p->steps[i].alive = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, "step_", 5) != 0)
            continue;
        gi_job_step *s = step_of(p, e->d_name + 5, at_start);
        char dir[PATH_MAX];
        if (!s || (size_t)snprintf(dir, sizeof dir, "%s/%s", p->cpu_dir, e->d_name) >= sizeof dir)
            continue;
        double cpu;
        if (!cgroup_cpu_s(p->source, dir, &cpu))
            continue;
        s->cpu_s = cpu;
        s->alive = 1;
        uint64_t peak;
        char mdir[PATH_MAX];
        const char *md = dir;
        if (p->source == GI_JOB_SOURCE_CGROUP_V1) {
            md = mdir;
            if (!p->mem_dir[0] ||
                (size_t)snprintf(mdir, sizeof mdir, "%s/%s", p->mem_dir, e->d_name) >= sizeof mdir)
                mdir[0] = '\0';
        }
        s->rss_bytes = 0;
        if (md[0])
            cgroup_mem(p->source, md, &s->rss_bytes, &peak);
        if (!s->at_start && threads)
            cgroup_threads(dir, 0, threads, runnable);
    }
    closedir(d);
}

/* "slurmstepd: [12.batch]" → "batch" when the job is ours. */
static int stepd_step(int pid, const char *job_id, char *step, size_t size)
{
    char path[64], buf[256];
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    ssize_t n = gi_proc_read_small(path, buf, sizeof buf);
    if (n <= 0)
        return 0;
    char head[64];
    snprintf(head, sizeof head, "slurmstepd: [%s.", job_id);
    if (strncmp(buf, head, strlen(head)) != 0)
        return 0;
    const char *id = buf + strlen(head);
    size_t len = strcspn(id, "]");
    if (id[len] != ']' || len == 0 || len >= size)
        return 0;
    memcpy(step, id, len);
    step[len] = '\0';
    return 1;
}

static int read_stepd(gi_job_probe *p, int at_start, int *threads, int *runnable)
{
    DIR *d = opendir("/proc");
    if (!d)
        return 0;
    for (int i = 0; i < p->nsteps; i++)
        p->steps[i].alive = 0;
    int found = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        char id[24];
        int pid = atoi(e->d_name);
        if (!stepd_step(pid, p->job_id, id, sizeof id))
            continue;
        gi_job_step *s = step_of(p, id, at_start);
        if (!s)
            continue;
        gi_proc_sum sum = {0};
        gi_proc_sum_tree(pid, &sum);
        /* Never back: a task reaped between reading it and its slurmstepd. */
        if (sum.cpu_s > s->cpu_s)
            s->cpu_s = sum.cpu_s;
        s->rss_bytes = sum.rss_bytes;
        s->alive = 1;
        found++;
        if ((p->whole_job || !s->at_start) && threads) {
            *threads += sum.threads;
            *runnable += sum.runnable;
        }
    }
    closedir(d);
    return found;
}

/* "13172K" as bytes. */
static uint64_t slurm_bytes(const char *v)
{
    char *end;
    double x = strtod(v, &end);
    const char *units = "KMGTP";
    const char *u = *end ? strchr(units, *end) : NULL;
    double mult = 1;
    for (const char *k = units; u && k <= u; k++)
        mult *= 1024;
    return x > 0 ? (uint64_t)(x * mult) : 0;
}

/* Runs sstat for the job's running steps; returns the number of steps read, -1 when sstat
 * could not run. Bounded by a 5 s deadline (a slurmctld that does not answer). */
static int read_sstat(gi_job_probe *p, int at_start)
{
    char buf[16384];
    char *argv[] = {"sstat", "-a", "-n", "-P", "-o", "JobID,TRESUsageInTot", "-j", p->job_id, NULL};
    int rc = gi_command_output(argv, buf, sizeof buf, 5.0);
    if (rc < 0 || (rc != 0 && !buf[0]))
        return -1;
    for (int i = 0; i < p->nsteps; i++)
        p->steps[i].alive = 0;
    int steps = 0;
    char *save = NULL;
    for (char *line = strtok_r(buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *bar = strchr(line, '|'), *dot = strchr(line, '.');
        if (!bar || !dot || dot > bar)
            continue;
        *bar = '\0';
        gi_job_step *s = step_of(p, dot + 1, at_start);
        if (!s)
            continue;
        const char *cpu = strstr(bar + 1, "cpu="), *mem = strstr(bar + 1, "mem=");
        double c = cpu ? gi_slurm_duration(cpu + 4) : -1;
        if (c > s->cpu_s)
            s->cpu_s = c;
        s->rss_bytes = mem ? slurm_bytes(mem + 4) : 0;
        s->alive = 1;
        steps++;
    }
    return steps;
}

/* The counted steps' totals: every step (whole job), or those begun after the start. */
static void sum_steps(gi_job_probe *p, gi_job_reading *out)
{
    for (int i = 0; i < p->nsteps; i++) {
        const gi_job_step *s = &p->steps[i];
        if (!p->whole_job && s->at_start)
            continue;
        out->cpu_time_s += s->cpu_s;
        if (s->alive)
            out->rss_bytes += s->rss_bytes;
        out->steps++;
    }
}

gi_job_source gi_job_probe_init(gi_job_probe *p, const char *job_id, int whole_job)
{
    memset(p, 0, sizeof *p);
    p->whole_job = whole_job;
    snprintf(p->job_id, sizeof p->job_id, "%s", job_id ? job_id : "");
    if (!p->job_id[0] || strspn(p->job_id, "0123456789_") != strlen(p->job_id))
        return p->source = GI_JOB_SOURCE_NONE;
    const char *force = getenv("GPUINTEG_JOB_SOURCE");
    int any = !force || !force[0];
    const char *root = cgroup_root();
    if ((any || strcmp(force, "cgroup") == 0)) {
        if (find_cgroup_v2(p, root))
            p->source = GI_JOB_SOURCE_CGROUP_V2;
        else if (find_cgroup_v1(p, root))
            p->source = GI_JOB_SOURCE_CGROUP_V1;
        if (p->source) {
            read_cgroup_steps(p, 1, NULL, NULL);
            if (p->source == GI_JOB_SOURCE_CGROUP_V1 && p->mem_dir[0])
                snprintf(p->method, sizeof p->method, "%s: %.250s (memory: %.250s)",
                         gi_job_source_name(p->source), p->cpu_dir, p->mem_dir);
            else
                snprintf(p->method, sizeof p->method, "%s: %.500s", gi_job_source_name(p->source),
                         p->cpu_dir);
            return p->source;
        }
    }
    if ((any || strcmp(force, "slurmstepd") == 0) && read_stepd(p, 1, NULL, NULL) > 0) {
        p->source = GI_JOB_SOURCE_STEPD;
        snprintf(p->method, sizeof p->method,
                 "slurmstepd processes of job %s (the node tracks no job cgroup): each step's "
                 "process tree",
                 p->job_id);
        return p->source;
    }
    if ((any || strcmp(force, "sstat") == 0) && read_sstat(p, 1) >= 0) {
        p->source = GI_JOB_SOURCE_SSTAT;
        p->sstat_next = now_s() + GI_JOB_SSTAT_PERIOD_S;
        snprintf(p->method, sizeof p->method,
                 "sstat (Slurm's accounting of the running steps, read every %.0f s; it is as "
                 "fresh as the cluster's JobAcctGatherFrequency)",
                 GI_JOB_SSTAT_PERIOD_S);
        return p->source;
    }
    p->nsteps = 0;
    return p->source = GI_JOB_SOURCE_NONE;
}

void gi_job_read(gi_job_probe *p, gi_job_reading *out)
{
    memset(out, 0, sizeof *out);
    out->runnable = -1;
    int threads = 0, runnable = 0;
    switch (p->source) {
    case GI_JOB_SOURCE_CGROUP_V1:
    case GI_JOB_SOURCE_CGROUP_V2:
        read_cgroup_steps(p, 0, p->whole_job ? NULL : &threads, &runnable);
        if (p->whole_job) {
            double cpu = 0;
            cgroup_cpu_s(p->source, p->cpu_dir, &cpu);
            out->cpu_time_s = cpu;
            uint64_t peak = 0;
            if (p->mem_dir[0])
                cgroup_mem(p->source, p->mem_dir, &out->rss_bytes, &peak);
            if (peak > p->peak_bytes)
                p->peak_bytes = peak;
            cgroup_threads(p->cpu_dir, 0, &threads, &runnable);
            for (int i = 0; i < p->nsteps; i++)
                out->steps += p->steps[i].alive;
        } else {
            sum_steps(p, out);
        }
        out->threads = threads;
        out->runnable = runnable;
        break;
    case GI_JOB_SOURCE_STEPD:
        read_stepd(p, 0, &threads, &runnable);
        sum_steps(p, out);
        out->threads = threads;
        out->runnable = runnable;
        break;
    case GI_JOB_SOURCE_SSTAT:
        if (now_s() >= p->sstat_next) {
            read_sstat(p, 0);
            p->sstat_next = now_s() + GI_JOB_SSTAT_PERIOD_S;
        }
        sum_steps(p, out);
        break;
    default:
        break;
    }
    if (out->rss_bytes > p->peak_bytes)
        p->peak_bytes = out->rss_bytes;
    out->peak_bytes = p->peak_bytes;
}

/* pids of this process and its ancestors, up to init. */
static int ancestors(int *list, int max)
{
    int n = 0, pid = (int)getpid();
    while (pid > 1 && n < max) {
        list[n++] = pid;
        char path[64], buf[512];
        snprintf(path, sizeof path, "/proc/%d/stat", pid);
        if (gi_proc_read_small(path, buf, sizeof buf) <= 0)
            break;
        const char *p = strrchr(buf, ')');
        int ppid;
        if (!p || sscanf(p + 2, "%*c %d", &ppid) != 1)
            break;
        pid = ppid;
    }
    return n;
}

static int listed(const int *list, int n, int pid)
{
    for (int i = 0; i < n; i++)
        if (list[i] == pid)
            return 1;
    return 0;
}

/* Slurm's own step daemon, which v2 keeps in a sub-folder of each step. */
static int is_stepd(int pid)
{
    char path[64], buf[64];
    snprintf(path, sizeof path, "/proc/%d/cmdline", pid);
    return gi_proc_read_small(path, buf, sizeof buf) > 0 && strncmp(buf, "slurmstepd", 10) == 0;
}

/* Counts the processes in dir's cgroup.procs and below that are not in skip, nor slurmstepd,
 * nor in the extern step (which holds the processes adopted from ssh sessions, and a sleep
 * for the job's length). */
static int cgroup_count(const char *dir, int depth, const int *skip, int nskip)
{
    int n = 0;
    char path[PATH_MAX + 16];
    snprintf(path, sizeof path, "%s/cgroup.procs", dir);
    FILE *f = fopen(path, "re");
    if (f) {
        int pid;
        while (fscanf(f, "%d", &pid) == 1)
            n += !listed(skip, nskip, pid) && !is_stepd(pid);
        fclose(f);
    }
    DIR *d = depth < 4 ? opendir(dir) : NULL;
    if (!d)
        return n;
    struct dirent *e;
    while ((e = readdir(d))) {
        char sub[PATH_MAX];
        if (e->d_name[0] == '.' || strcmp(e->d_name, "step_extern") == 0 ||
            (size_t)snprintf(sub, sizeof sub, "%s/%s", dir, e->d_name) >= sizeof sub)
            continue;
        if (is_dir(sub))
            n += cgroup_count(sub, depth + 1, skip, nskip);
    }
    closedir(d);
    return n;
}

int gi_job_others(gi_job_probe *p)
{
    int skip[256];
    int nskip = ancestors(skip, 256);
    if (p->source == GI_JOB_SOURCE_CGROUP_V1 || p->source == GI_JOB_SOURCE_CGROUP_V2)
        return cgroup_count(p->cpu_dir, 0, skip, nskip);
    if (p->source != GI_JOB_SOURCE_STEPD)
        return -1;
    /* The steps' processes: every descendant of each slurmstepd of the job. */
    int *tree = malloc(4096 * sizeof *tree);
    if (!tree)
        return -1;
    int n = 0, others = 0;
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char id[24];
        int pid = e->d_name[0] >= '1' && e->d_name[0] <= '9' ? atoi(e->d_name) : 0;
        if (pid > 0 && stepd_step(pid, p->job_id, id, sizeof id) && strcmp(id, "extern") != 0 &&
            n < 4096)
            tree[n++] = pid;
    }
    if (d)
        closedir(d);
    int roots = n;
    /* Descendants by parent, found by repeated scans (the trees are small). */
    for (int grew = 1; grew;) {
        grew = 0;
        d = opendir("/proc");
        while (d && (e = readdir(d))) {
            int pid = e->d_name[0] >= '1' && e->d_name[0] <= '9' ? atoi(e->d_name) : 0;
            char path[64], buf[512];
            snprintf(path, sizeof path, "/proc/%d/stat", pid);
            if (pid <= 0 || listed(tree, n, pid) || gi_proc_read_small(path, buf, sizeof buf) <= 0)
                continue;
            const char *q = strrchr(buf, ')');
            int ppid;
            if (q && sscanf(q + 2, "%*c %d", &ppid) == 1 && listed(tree, n, ppid) && n < 4096) {
                tree[n++] = pid;
                grew = 1;
            }
        }
        if (d)
            closedir(d);
    }
    for (int i = roots; i < n; i++)
        others += !listed(skip, nskip, tree[i]);
    free(tree);
    return others;
}
