/* SPDX-FileCopyrightText: The gpuinteg developers
 * SPDX-License-Identifier: BSD-3-Clause */
/*
 * Reading CPU time and memory: CLOCK_PROCESS_CPUTIME_ID and /proc/self/status for this
 * process; /proc/<pid>/stat summed over a process tree otherwise.
 */
#include "monitor/proc_usage.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

/* A tree bigger than this is measured in part (the first ones found, breadth first). */
#define MAX_TREE 4096

static double tv_s(struct timeval tv)
{
    return (double)tv.tv_sec + 1e-6 * (double)tv.tv_usec;
}

static double children_cpu_s(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_CHILDREN, &ru) != 0)
        return 0;
    return tv_s(ru.ru_utime) + tv_s(ru.ru_stime);
}

/* This process's threads, in ns. */
static double process_cpu_s(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) != 0)
        return 0;
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

ssize_t gi_proc_read_small(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t got = 0;
    while (got + 1 < size) {
        ssize_t n = read(fd, buf + got, size - 1 - got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        got += (size_t)n;
    }
    close(fd);
    buf[got] = '\0';
    return (ssize_t)got;
}

/* The value in kB of "Key:" in a /proc/<pid>/status text, as bytes; 0 if absent. */
static uint64_t status_kb(const char *text, const char *key)
{
    const char *p = strstr(text, key);
    if (!p)
        return 0;
    p += strlen(key);
    return (uint64_t)strtoull(p, NULL, 10) * 1024u;
}

/* Run-queue waits: one /proc/<pid>/task/<tid>/schedstat per thread, whose second field is the
 * nanoseconds the thread has waited on a run queue. Per-thread figures are kept between
 * readings so that the time of threads that come and go is counted. */
struct gi_thread_wait {
    int tid;
    unsigned long long wait_ns;
};

typedef struct wait_list {
    struct gi_thread_wait *v;
    size_t n, cap;
    int runnable; /* threads running or ready to run (state R) at the reading */
} wait_list;

/* 1 when the thread whose /proc/.../stat is at path is running or ready to run. */
static int thread_runnable(const char *path)
{
    char buf[512];
    if (gi_proc_read_small(path, buf, sizeof buf) <= 0)
        return 0;
    const char *p = strrchr(buf, ')');
    return p && p[1] == ' ' && p[2] == 'R';
}

/* Calls fn(task, tid, arg) for each thread of pid (0: this process), task being its
 * "/proc/<pid>/task" folder, until fn returns nonzero. Returns the number of threads seen. */
static int each_thread(int pid, int (*fn)(const char *task, const char *tid, void *arg), void *arg)
{
    char task[64];
    if (pid == 0)
        snprintf(task, sizeof task, "/proc/self/task");
    else
        snprintf(task, sizeof task, "/proc/%d/task", pid);
    DIR *d = opendir(task);
    if (!d)
        return 0;
    int threads = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        threads++;
        if (fn(task, e->d_name, arg))
            break;
    }
    closedir(d);
    return threads;
}

/* each_thread's step for add_process_waits: the thread's state and run-queue wait. Stops
 * when out of memory. */
static int add_thread_wait(const char *task, const char *tid, void *arg)
{
    wait_list *l = arg;
    char file[128], buf[128];
    snprintf(file, sizeof file, "%s/%.20s/stat", task, tid);
    l->runnable += thread_runnable(file);
    snprintf(file, sizeof file, "%s/%.20s/schedstat", task, tid);
    unsigned long long run_ns, wait_ns;
    if (gi_proc_read_small(file, buf, sizeof buf) <= 0 ||
        sscanf(buf, "%llu %llu", &run_ns, &wait_ns) != 2)
        return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 64;
        struct gi_thread_wait *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return 1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n].tid = atoi(tid);
    l->v[l->n++].wait_ns = wait_ns;
    return 0;
}

/* Adds the waits of pid's threads (0: this process) to l, and counts the runnable ones into
 * l->runnable; returns the number of threads. */
static int add_process_waits(int pid, wait_list *l)
{
    return each_thread(pid, add_thread_wait, l);
}

static int by_tid(const void *a, const void *b)
{
    int x = ((const struct gi_thread_wait *)a)->tid, y = ((const struct gi_thread_wait *)b)->tid;
    return (x > y) - (x < y);
}

/* Adds what each thread waited since the last reading (all of it for a thread not seen before,
 * unless `baseline`) and keeps the new figures. */
static void update_waits(gi_usage_probe *p, wait_list *now, int baseline)
{
    if (now->n > 1)
        qsort(now->v, now->n, sizeof *now->v, by_tid);
    for (size_t i = 0; !baseline && i < now->n; i++) {
        const struct gi_thread_wait *old =
            p->nwaits ? bsearch(&now->v[i], p->waits, p->nwaits, sizeof *p->waits, by_tid) : NULL;
        unsigned long long before = old && old->wait_ns <= now->v[i].wait_ns ? old->wait_ns : 0;
        p->wait_s += 1e-9 * (double)(now->v[i].wait_ns - before);
    }
    free(p->waits);
    p->waits = now->v;
    p->nwaits = now->n;
}

/* This process: cheap calls only (it runs every sample). /proc/self/status would give the same
 * figures at twice the cost of all of these together. */
static void read_self(gi_usage_probe *p, gi_usage *out, int baseline)
{
    /* The clock last: the caller takes the sample's time right after this returns. */
    wait_list w = {0};
    out->threads = add_process_waits(0, &w);
    /* The thread taking this reading is running: it is the monitor, not the work. */
    out->runnable = w.runnable > 0 ? w.runnable - 1 : 0;
    update_waits(p, &w, baseline);
    out->processes = 1;
    char buf[256];
    unsigned long long size_pages, rss_pages;
    if (gi_proc_read_small("/proc/self/statm", buf, sizeof buf) > 0 &&
        sscanf(buf, "%llu %llu", &size_pages, &rss_pages) == 2)
        out->rss_bytes = rss_pages * (uint64_t)p->page_bytes;
    struct rusage ru;
    if (getrusage(RUSAGE_SELF, &ru) == 0)
        out->peak_rss_bytes = (uint64_t)ru.ru_maxrss * 1024u; /* VmHWM */
    out->cpu_time_s = process_cpu_s() - p->base_s;
}

/* The fields of /proc/<pid>/stat we use. */
typedef struct stat_fields {
    int ppid;
    unsigned long long ticks; /* utime + stime + cutime + cstime */
    long threads;
    long rss_pages;
} stat_fields;

static int read_stat(int pid, stat_fields *s)
{
    char path[64], buf[1024];
    snprintf(path, sizeof path, "/proc/%d/stat", pid);
    if (gi_proc_read_small(path, buf, sizeof buf) <= 0)
        return 0;
    /* The command name (field 2) may hold spaces and parentheses: fields resume after the
     * last ')'. */
    const char *p = strrchr(buf, ')');
    if (!p)
        return 0;
    unsigned long long ut, st;
    long long cut, cst;
    char state;
    int n = sscanf(p + 2,
                   "%c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %lld %lld %*d %*d %ld "
                   "%*d %*u %*u %ld",
                   &state, &s->ppid, &ut, &st, &cut, &cst, &s->threads, &s->rss_pages);
    if (n != 8)
        return 0;
    s->ticks =
        ut + st + (unsigned long long)(cut > 0 ? cut : 0) + (unsigned long long)(cst > 0 ? cst : 0);
    return 1;
}

/* Appends the children of pid (all its threads' children files) to list; returns 0 when the
 * kernel has no children files. */
static int append_children(int pid, int *list, int *n, int max)
{
    char path[64];
    snprintf(path, sizeof path, "/proc/%d/task", pid);
    DIR *d = opendir(path);
    if (!d)
        return 1; /* gone: no children to add */
    int supported = 1;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] < '0' || e->d_name[0] > '9')
            continue;
        char file[128], buf[8192];
        snprintf(file, sizeof file, "/proc/%d/task/%.20s/children", pid, e->d_name);
        ssize_t len = gi_proc_read_small(file, buf, sizeof buf);
        if (len < 0) {
            if (errno == ENOENT)
                supported = 0;
            continue;
        }
        for (char *s = buf, *end; *s;) {
            long c = strtol(s, &end, 10);
            if (end == s)
                break;
            if (*n < max)
                list[(*n)++] = (int)c;
            s = end;
        }
    }
    closedir(d);
    return supported;
}

/* Fallback without children files: every process of /proc whose parent is in the list. */
static void scan_descendants(int *list, int *n, int max)
{
    /* Repeats until no new process is found, so grandchildren listed before their parent in
     * /proc's order are still caught. */
    for (int grew = 1; grew;) {
        grew = 0;
        DIR *d = opendir("/proc");
        if (!d)
            return;
        struct dirent *e;
        while ((e = readdir(d))) {
            if (e->d_name[0] < '0' || e->d_name[0] > '9')
                continue;
            int pid = atoi(e->d_name);
            stat_fields s;
            if (!read_stat(pid, &s))
                continue;
            int parent_in = 0, self_in = 0;
            for (int i = 0; i < *n; i++) {
                parent_in |= list[i] == s.ppid;
                self_in |= list[i] == pid;
            }
            if (parent_in && !self_in && *n < max) {
                list[(*n)++] = pid;
                grew = 1;
            }
        }
        closedir(d);
    }
}

static int preexisting(const gi_usage_probe *p, int pid)
{
    for (int i = 0; i < p->npreexisting; i++)
        if (p->preexisting[i] == pid)
            return 1;
    return 0;
}

/* The measured tree: pid, later children of this process (adopted orphans), and all their
 * descendants. */
static int collect_tree(const gi_usage_probe *p, int *list, int max)
{
    int n = 0;
    list[n++] = p->pid;
    int mine[256], nmine = 0;
    int children_files = append_children(getpid(), mine, &nmine, 256);
    for (int i = 0; i < nmine && n < max; i++)
        if (mine[i] != p->pid && !preexisting(p, mine[i]))
            list[n++] = mine[i];
    if (!children_files) {
        scan_descendants(list, &n, max);
        return n;
    }
    /* Breadth first: parents are read before their children, so a child reaped in between is
     * missed (counted later through its parent's cutime) but never counted twice. A root that
     * is this process has had its children listed just above. */
    for (int i = p->pid == getpid(); i < n; i++)
        append_children(list[i], list, &n, max);
    return n;
}

/* Adds the resident bytes, threads and process count of the processes tree[0..n) to *sum;
 * returns their CPU ticks (with their reaped children's). A process that has ended is left
 * out. */
static unsigned long long sum_stats(const int *tree, int n, uint64_t page_bytes, gi_proc_sum *sum)
{
    unsigned long long ticks = 0;
    for (int i = 0; i < n; i++) {
        stat_fields s;
        if (!read_stat(tree[i], &s))
            continue;
        ticks += s.ticks;
        sum->rss_bytes += (uint64_t)(s.rss_pages > 0 ? s.rss_pages : 0) * page_bytes;
        sum->threads += (int)s.threads;
        sum->processes++;
    }
    return ticks;
}

static void read_tree(gi_usage_probe *p, gi_usage *out, int baseline)
{
    int *tree = malloc(MAX_TREE * sizeof *tree);
    if (!tree)
        return;
    int n = collect_tree(p, tree, MAX_TREE);
    wait_list w = {0};
    for (int i = 0; i < n; i++)
        (void)add_process_waits(tree[i], &w);
    /* A tree rooted at this process (the Python package measures its own process) holds the
     * thread taking this reading, running: it is the monitor, not the work. */
    out->runnable = p->pid == getpid() && w.runnable > 0 ? w.runnable - 1 : w.runnable;
    update_waits(p, &w, baseline);
    /* This process as the root: its own CPU time from its clock, not /proc's 10 ms ticks, whose
     * cutime also holds the reaped children that children_cpu_s() counts. */
    int self = p->pid == getpid();
    gi_proc_sum sum = {0};
    if (self)
        (void)sum_stats(tree, 1, (uint64_t)p->page_bytes, &sum); /* its memory and threads */
    unsigned long long ticks = sum_stats(tree + self, n - self, (uint64_t)p->page_bytes, &sum);
    out->rss_bytes += sum.rss_bytes;
    out->threads += sum.threads;
    out->processes += sum.processes;
    free(tree);
    out->cpu_time_s = (double)ticks / (double)p->ticks_per_s + (self ? process_cpu_s() : 0) +
                      children_cpu_s() - p->children_base_s - p->base_s;

    /* The root's own high-water mark, and the largest reaped descendant's. */
    char path[64], buf[4096];
    snprintf(path, sizeof path, "/proc/%d/status", p->pid);
    uint64_t hwm = gi_proc_read_small(path, buf, sizeof buf) > 0 ? status_kb(buf, "\nVmHWM:") : 0;
    struct rusage ru;
    uint64_t reaped = getrusage(RUSAGE_CHILDREN, &ru) == 0 ? (uint64_t)ru.ru_maxrss * 1024u : 0;
    out->peak_rss_bytes = hwm > reaped ? hwm : reaped;
}

int gi_usage_probe_init(gi_usage_probe *p, int pid)
{
    memset(p, 0, sizeof *p);
    p->pid = pid;
    p->ticks_per_s = sysconf(_SC_CLK_TCK);
    if (p->ticks_per_s <= 0)
        p->ticks_per_s = 100;
    p->page_bytes = sysconf(_SC_PAGESIZE);
    if (p->page_bytes <= 0)
        p->page_bytes = 4096;
    gi_usage u = {0};
    if (pid == 0) {
        read_self(p, &u, 1);
        p->base_s = u.cpu_time_s;
        return 0;
    }
    stat_fields s;
    if (!read_stat(pid, &s))
        return -1;
    int mine[GI_USAGE_MAX_PREEXISTING];
    int nmine = 0;
    append_children(getpid(), mine, &nmine, GI_USAGE_MAX_PREEXISTING);
    for (int i = 0; i < nmine; i++)
        if (mine[i] != pid)
            p->preexisting[p->npreexisting++] = mine[i];
    p->children_base_s = children_cpu_s();
    read_tree(p, &u, 1);
    p->base_s = u.cpu_time_s;
    return 0;
}

void gi_usage_read(gi_usage_probe *p, gi_usage *out)
{
    memset(out, 0, sizeof *out);
    if (p->pid == 0)
        read_self(p, out, 0);
    else
        read_tree(p, out, 0);
    out->wait_s = p->wait_s;
    /* A descendant that is reaped between two reads can be missed once; its time returns
     * through its parent's cutime at the next read. Never let the total go back. */
    if (out->cpu_time_s < p->last_s)
        out->cpu_time_s = p->last_s;
    p->last_s = out->cpu_time_s;
    uint64_t peak = out->peak_rss_bytes > out->rss_bytes ? out->peak_rss_bytes : out->rss_bytes;
    if (peak > p->peak_rss)
        p->peak_rss = peak;
    out->peak_rss_bytes = p->peak_rss;
}

void gi_usage_probe_free(gi_usage_probe *p)
{
    free(p->waits);
    p->waits = NULL;
    p->nwaits = 0;
}

void gi_proc_sum_tree(int pid, gi_proc_sum *sum)
{
    int *tree = malloc(MAX_TREE * sizeof *tree);
    if (!tree)
        return;
    int n = 1;
    tree[0] = pid;
    if (!append_children(pid, tree, &n, MAX_TREE))
        scan_descendants(tree, &n, MAX_TREE);
    else
        for (int i = 1; i < n; i++)
            append_children(tree[i], tree, &n, MAX_TREE);
    long ticks_per_s = sysconf(_SC_CLK_TCK), page = sysconf(_SC_PAGESIZE);
    unsigned long long ticks = sum_stats(tree, n, (uint64_t)(page > 0 ? page : 4096), sum);
    for (int i = 0; i < n; i++)
        sum->runnable += gi_proc_runnable(tree[i]);
    free(tree);
    sum->cpu_s += (double)ticks / (double)(ticks_per_s > 0 ? ticks_per_s : 100);
}

static int count_runnable(const char *task, const char *tid, void *arg)
{
    char file[128];
    snprintf(file, sizeof file, "%s/%.20s/stat", task, tid);
    *(int *)arg += thread_runnable(file);
    return 0;
}

int gi_proc_runnable(int pid)
{
    int n = 0;
    if (pid > 0)
        each_thread(pid, count_runnable, &n);
    return n;
}
