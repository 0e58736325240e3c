/**
 * The number of cores this process may actually use (nabla_usable_cores), which sizes the worker
 * pool and GEMM's default thread count.
 *
 * The online CPU count overstates it in two common cases: a CPU affinity mask (taskset, cpusets,
 * `docker --cpuset-cpus`) restricts the CPUs the process may run on, and a cgroup CPU bandwidth
 * quota (`docker --cpus`, Kubernetes CPU limits) restricts how much CPU time it gets per period.
 * Spinning workers beyond either limit only take time from the threads doing the work. The
 * result is the smallest of the online CPUs, the affinity mask's CPUs and the quota rounded up
 * to whole cores, and at least 1.
 *
 * The quota is found as the kernel applies it: the process's cgroup is read from
 * /proc/self/cgroup, the hierarchy's mount point from /proc/self/mountinfo, and the limit of
 * every cgroup from the process's own up to the hierarchy's root counts (cpu.max in cgroup v2,
 * cpu.cfs_quota_us / cpu.cfs_period_us in v1's cpu controller).
 */

#if defined(__linux__)
#define _GNU_SOURCE
#endif

#include "CNablaKernels.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define CGROUP_PATH_CAPACITY 4096

/* Whether the comma-separated `list` contains `token` as one of its items. */
static int list_contains(const char *list, const char *token) {
    size_t length = strlen(token);
    for (const char *item = list;; item++) {
        if (strncmp(item, token, length) == 0 && (item[length] == ',' || item[length] == '\0'))
            return 1;
        item = strchr(item, ',');
        if (item == NULL)
            return 0;
    }
}

/* `prefix` followed by `path` in `buffer`; 0 if it does not fit. */
static int join_path(char *buffer, const char *prefix, const char *path) {
    size_t skip = strcmp(prefix, "/") == 0 ? 1 : 0; /* "/" + "/proc" is "/proc", not "//proc" */
    int written = snprintf(buffer, CGROUP_PATH_CAPACITY, "%s%s", prefix, path + (path[0] == '/' ? skip : 0));
    return written > 0 && written < CGROUP_PATH_CAPACITY;
}

/*
 * The process's cgroup (a path such as "/user.slice/session-1.scope") in the v2 hierarchy when
 * `v2`, else in the v1 hierarchy that has the cpu controller. Lines of /proc/self/cgroup read
 * "hierarchy-id:controllers:path"; the v2 line is "0::path".
 */
static int own_cgroup(const char *root, int v2, char *cgroup) {
    char file_name[CGROUP_PATH_CAPACITY];
    if (!join_path(file_name, root, "/proc/self/cgroup"))
        return 0;
    FILE *file = fopen(file_name, "r");
    if (file == NULL)
        return 0;
    char *line = NULL;
    size_t capacity = 0;
    int found = 0;
    while (!found && getline(&line, &capacity, file) > 0) {
        line[strcspn(line, "\n")] = '\0';
        char *controllers = strchr(line, ':');
        char *path = controllers ? strchr(controllers + 1, ':') : NULL;
        if (path == NULL)
            continue;
        *controllers++ = '\0';
        *path++ = '\0';
        int matches = v2 ? strcmp(line, "0") == 0 && controllers[0] == '\0' : list_contains(controllers, "cpu");
        if (matches && strlen(path) < CGROUP_PATH_CAPACITY) {
            strcpy(cgroup, path);
            found = 1;
        }
    }
    free(line);
    fclose(file);
    return found;
}

/*
 * Where the hierarchy is mounted, and which of its cgroups appears at the mount point (`mount_root`,
 * "/" unless only a subtree is mounted, as in many containers), from /proc/self/mountinfo. Lines
 * read "id parent major:minor root mount-point options [optional fields] - type source super-options".
 */
static int hierarchy_mount(const char *root, int v2, char *mount_point, char *mount_root) {
    char file_name[CGROUP_PATH_CAPACITY];
    if (!join_path(file_name, root, "/proc/self/mountinfo"))
        return 0;
    FILE *file = fopen(file_name, "r");
    if (file == NULL)
        return 0;
    char *line = NULL;
    size_t capacity = 0;
    int found = 0;
    while (!found && getline(&line, &capacity, file) > 0) {
        line[strcspn(line, "\n")] = '\0';
        const char *separator = strstr(line, " - ");
        if (separator == NULL || strlen(line) >= CGROUP_PATH_CAPACITY)
            continue;
        char type[64], options[CGROUP_PATH_CAPACITY];
        if (sscanf(separator + 3, "%63s %*s %4095s", type, options) != 2)
            continue;
        int matches = v2 ? strcmp(type, "cgroup2") == 0 : strcmp(type, "cgroup") == 0 && list_contains(options, "cpu");
        if (matches && sscanf(line, "%*s %*s %*s %4095s %4095s", mount_root, mount_point) == 2)
            found = 1;
    }
    free(line);
    fclose(file);
    return found;
}

/* Whole cores needed for `quota` microseconds of CPU time every `period`: rounded up; 0 if unlimited. */
static int cores_for_quota(long long quota, long long period) {
    if (quota <= 0 || period <= 0)
        return 0;
    long long cores = (quota + period - 1) / period;
    return cores > INT_MAX ? INT_MAX : (int)cores;
}

/* The limit set in one cgroup directory, in whole cores; 0 if none (or no such file). */
static int directory_limit(const char *directory, int v2) {
    char file_name[CGROUP_PATH_CAPACITY];
    long long quota = 0, period = 0;
    if (v2) {
        /* cpu.max holds "max period" (no limit) or "quota period". */
        if (snprintf(file_name, sizeof file_name, "%s/cpu.max", directory) >= (int)sizeof file_name)
            return 0;
        FILE *file = fopen(file_name, "r");
        if (file == NULL)
            return 0;
        if (fscanf(file, "%lld %lld", &quota, &period) != 2)
            quota = 0;
        fclose(file);
    } else {
        /* cpu.cfs_quota_us is -1 when there is no limit. */
        if (snprintf(file_name, sizeof file_name, "%s/cpu.cfs_quota_us", directory) >= (int)sizeof file_name)
            return 0;
        FILE *file = fopen(file_name, "r");
        if (file == NULL)
            return 0;
        if (fscanf(file, "%lld", &quota) != 1)
            quota = 0;
        fclose(file);
        if (snprintf(file_name, sizeof file_name, "%s/cpu.cfs_period_us", directory) >= (int)sizeof file_name)
            return 0;
        file = fopen(file_name, "r");
        if (file == NULL)
            return 0;
        if (fscanf(file, "%lld", &period) != 1)
            period = 0;
        fclose(file);
    }
    return cores_for_quota(quota, period);
}

/* The tightest limit of one hierarchy over the process's cgroup and its ancestors; 0 if none. */
static int hierarchy_limit(const char *root, int v2) {
    char cgroup[CGROUP_PATH_CAPACITY], mount_point[CGROUP_PATH_CAPACITY], mount_root[CGROUP_PATH_CAPACITY];
    if (!own_cgroup(root, v2, cgroup) || !hierarchy_mount(root, v2, mount_point, mount_root))
        return 0;
    /* The cgroup's directory: its path below the mounted subtree, under the mount point. When the
       cgroup is not inside the mounted subtree (a path with "/.." is another cgroup namespace's
       view), its directory is not visible, and only the limit at the mount point is read. */
    const char *relative = "";
    size_t root_length = strlen(mount_root);
    int visible = cgroup[0] == '/' && strstr(cgroup, "/..") == NULL;
    if (visible && strcmp(mount_root, "/") == 0)
        relative = cgroup;
    else if (visible && strncmp(cgroup, mount_root, root_length) == 0
             && (cgroup[root_length] == '/' || cgroup[root_length] == '\0'))
        relative = cgroup + root_length;
    char base[CGROUP_PATH_CAPACITY], directory[CGROUP_PATH_CAPACITY];
    if (!join_path(base, root, mount_point)
        || snprintf(directory, sizeof directory, "%s%s", base, relative) >= (int)sizeof directory)
        return 0;
    size_t base_length = strlen(base);
    while (strlen(directory) > base_length && directory[strlen(directory) - 1] == '/')
        directory[strlen(directory) - 1] = '\0';
    int limit = 0;
    for (;;) {
        int here = directory_limit(directory, v2);
        if (here > 0 && (limit == 0 || here < limit))
            limit = here;
        if (strlen(directory) <= base_length)
            break;
        *strrchr(directory, '/') = '\0'; /* the parent cgroup; relative paths start with '/' */
    }
    return limit;
}

int nabla_cgroup_cpu_limit(const char *root) {
    int v2 = hierarchy_limit(root, 1), v1 = hierarchy_limit(root, 0);
    if (v2 == 0 || (v1 != 0 && v1 < v2))
        return v1;
    return v2;
}

/* CPUs in the calling thread's affinity mask (inherited from the process); 0 if unknown. */
static int affinity_cpus(void) {
#if defined(__linux__)
    /* The kernel rejects a mask smaller than its own CPU limit, so grow it until accepted. */
    for (int cpus = 1024; cpus <= 1 << 20; cpus *= 2) {
        cpu_set_t *set = CPU_ALLOC(cpus);
        if (set == NULL)
            return 0;
        size_t bytes = CPU_ALLOC_SIZE(cpus);
        CPU_ZERO_S(bytes, set);
        int status = sched_getaffinity(0, bytes, set);
        int count = status == 0 ? CPU_COUNT_S(bytes, set) : 0;
        CPU_FREE(set);
        if (status == 0 || errno != EINVAL)
            return count;
    }
#endif
    return 0;
}

static int usable_cores;
static pthread_once_t usable_cores_once = PTHREAD_ONCE_INIT;

static void count_usable_cores(void) {
    long online = sysconf(_SC_NPROCESSORS_ONLN);
    int cores = online < 1 ? 1 : online > INT_MAX ? INT_MAX : (int)online;
    int affinity = affinity_cpus();
    if (affinity > 0 && affinity < cores)
        cores = affinity;
#if defined(__linux__)
    int quota = nabla_cgroup_cpu_limit("/");
    if (quota > 0 && quota < cores)
        cores = quota;
#endif
    usable_cores = cores;
}

int nabla_usable_cores(void) {
    pthread_once(&usable_cores_once, count_usable_cores);
    return usable_cores;
}
