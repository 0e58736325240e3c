/**
 * A small persistent worker pool for nabla_parallel_for.
 *
 * Why not DispatchQueue.concurrentPerform: on Linux (and in VMs, where an idle virtual CPU halts)
 * waking a sleeping worker costs tens of microseconds, so a 70 us + 70 us split measured no
 * faster than running serially. Here workers spin for a while after each job, so back-to-back
 * parallel calls (a training loop's GEMMs) start within a fraction of a microsecond, and then
 * sleep on a condition variable so an idle process burns no CPU.
 *
 * Protocol: a job is published by storing a new generation in the high 32 bits of `ticket`
 * (index 0 in the low bits). Any thread, the caller included, claims index i by a compare-and-swap
 * of ticket from (generation, i) to (generation, i + 1); a successful claim proves the job is
 * still live, so the job fields it read are the right ones. A worker that is late simply finds
 * the ticket exhausted or of a newer generation; the caller itself claims whatever is left, so a
 * slow wake-up never costs more than running serially. One job runs at a time; a second caller
 * (or a nested call from inside a task) runs its tasks inline.
 */

#include "CNablaKernels.h"
#include "kernel_support.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

/* Workers keep spinning for a new job this long after the last one, then sleep. */
#define POOL_SPIN_NANOSECONDS 200000
#define POOL_MAX_WORKERS 63

static struct {
    _Atomic uint64_t ticket;         /* generation << 32 | next unclaimed index */
    _Atomic(nabla_task) task;
    _Atomic(void *) context;
    _Atomic int64_t count;
    _Atomic int64_t remaining;       /* tasks not yet finished */
    _Atomic int sleepers;
    int workers;
    pthread_mutex_t job_lock;        /* held by the caller for the whole job */
    pthread_mutex_t sleep_lock;
    pthread_cond_t wake;
    pthread_once_t once;
} pool = {
    .job_lock = PTHREAD_MUTEX_INITIALIZER,
    .sleep_lock = PTHREAD_MUTEX_INITIALIZER,
    .wake = PTHREAD_COND_INITIALIZER,
    .once = PTHREAD_ONCE_INIT,
};

static inline void cpu_relax(void) {
#if defined(__x86_64__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ volatile("yield");
#endif
}

static uint64_t now_nanoseconds(void) {
    struct timespec time;
    clock_gettime(CLOCK_MONOTONIC, &time);
    return (uint64_t)time.tv_sec * 1000000000u + (uint64_t)time.tv_nsec;
}

/* Claims and runs tasks of `generation` until none is left. */
static void run_tasks(uint32_t generation) {
    uint64_t ticket = atomic_load(&pool.ticket);
    for (;;) {
        if ((uint32_t)(ticket >> 32) != generation)
            return;
        int64_t index = (int64_t)(ticket & 0xffffffffu);
        nabla_task task = atomic_load_explicit(&pool.task, memory_order_relaxed);
        void *context = atomic_load_explicit(&pool.context, memory_order_relaxed);
        if (index >= atomic_load_explicit(&pool.count, memory_order_relaxed))
            return;
        if (!atomic_compare_exchange_weak(&pool.ticket, &ticket, ticket + 1))
            continue; /* ticket now holds the fresh value */
        task(context, index);
        atomic_fetch_sub(&pool.remaining, 1);
        ticket = atomic_load(&pool.ticket);
    }
}

static void *worker_main(void *unused) {
    (void)unused;
    uint32_t seen = (uint32_t)(atomic_load(&pool.ticket) >> 32);
    for (;;) {
        uint64_t spin_start = now_nanoseconds();
        uint32_t generation;
        for (unsigned spins = 1;; spins++) {
            generation = (uint32_t)(atomic_load(&pool.ticket) >> 32);
            if (generation != seen)
                break;
            cpu_relax();
            if (spins % 256 == 0 && now_nanoseconds() - spin_start > POOL_SPIN_NANOSECONDS) {
                pthread_mutex_lock(&pool.sleep_lock);
                atomic_fetch_add(&pool.sleepers, 1);
                while ((generation = (uint32_t)(atomic_load(&pool.ticket) >> 32)) == seen)
                    pthread_cond_wait(&pool.wake, &pool.sleep_lock);
                atomic_fetch_sub(&pool.sleepers, 1);
                pthread_mutex_unlock(&pool.sleep_lock);
                break;
            }
        }
        seen = generation;
        run_tasks(generation);
    }
    return NULL;
}

static void start_workers(void) {
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    int wanted = cores > 1 ? (int)cores - 1 : 0;
    if (wanted > POOL_MAX_WORKERS)
        wanted = POOL_MAX_WORKERS;
    for (int i = 0; i < wanted; i++) {
        pthread_t thread;
        if (pthread_create(&thread, NULL, worker_main, NULL) != 0)
            break;
        pthread_detach(thread);
        pool.workers++;
    }
}

int nabla_parallel_worker_count(void) {
    pthread_once(&pool.once, start_workers);
    return pool.workers;
}

void nabla_parallel_for(int64_t count, nabla_task task, void *context) {
    if (count <= 0)
        return;
    if (count == 1 || nabla_parallel_worker_count() == 0 || pthread_mutex_trylock(&pool.job_lock) != 0) {
        for (int64_t i = 0; i < count; i++)
            task(context, i);
        return;
    }
    atomic_store_explicit(&pool.task, task, memory_order_relaxed);
    atomic_store_explicit(&pool.context, context, memory_order_relaxed);
    atomic_store_explicit(&pool.count, count, memory_order_relaxed);
    atomic_store(&pool.remaining, count);
    uint32_t generation = (uint32_t)(atomic_load(&pool.ticket) >> 32) + 1;
    atomic_store(&pool.ticket, (uint64_t)generation << 32); /* publishes the fields above */
    if (atomic_load(&pool.sleepers) > 0) {
        pthread_mutex_lock(&pool.sleep_lock);
        pthread_cond_broadcast(&pool.wake);
        pthread_mutex_unlock(&pool.sleep_lock);
    }
    run_tasks(generation);
    /* Wait for tasks still running on workers; yield now and then in case a worker was
       descheduled (an oversubscribed machine), so it can get the core back. */
    for (unsigned spins = 1; atomic_load(&pool.remaining) > 0; spins++) {
        cpu_relax();
        if (spins % 4096 == 0)
            sched_yield();
    }
    pthread_mutex_unlock(&pool.job_lock);
}
