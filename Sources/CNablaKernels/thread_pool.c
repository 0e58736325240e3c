/**
 * A small persistent worker pool for nabla_parallel_for.
 *
 * Why not DispatchQueue.concurrentPerform: on Linux (and in VMs, where an idle virtual CPU halts)
 * waking a sleeping worker costs tens of microseconds, so a 70 us + 70 us split measured no
 * faster than running serially. Here workers spin for a while after each job, so back-to-back
 * parallel calls (a training loop's GEMMs) start within a fraction of a microsecond, and then
 * sleep on a condition variable so an idle process burns no CPU.
 *
 * Protocol. `ticket` holds (generation << 32 | index). A caller, holding job_lock, writes the job
 * fields (task, context, count, remaining) and then publishes them by storing (g, 0) for the next
 * generation g. Any thread, the caller included, claims index i by a compare-and-swap of ticket
 * from (g, i) to (g, i + 1), after reading the fields (following the load that returned (g, i))
 * and checking i < count. When the caller finds no index left, it closes the generation by storing
 * (g, POOL_CLOSED), waits for the claimed tasks to finish, and only then releases job_lock; so the
 * fields are rewritten only while the ticket is closed. The ticket thus takes the values (g, 0),
 * (g, 1), ..., (g, count), (g, POOL_CLOSED), (g + 1, 0), ...: it only grows, as a 64-bit number,
 * and while it is (g, i) with i < POOL_CLOSED the fields hold job g's values.
 *
 * Why a successful claim proves that the fields it read are the current job's: the CAS found the
 * ticket still equal to the (g, i) that the load returned, and since the ticket only grows, it
 * held (g, i) all along, so job g was live (published, not closed) throughout. The reads see at
 * least job g's writes (the load synchronizes with the publishing store, whose release sequence
 * the CAS increments continue), and not the next job's, which are made only after this claim's
 * task is counted finished in `remaining`. A late worker that read the next job's fields while
 * they were being written holds a (g, i) that is exhausted or closed, so its CAS fails. (Before
 * the close existed, the ticket stayed at (g, count) until the next job was published, so a
 * worker holding that exhausted value could read the next job's fields, pass the index check
 * against the new count and win its CAS before (g + 1, 0) was stored: it ran a task of the new
 * job, possibly with mixed fields, which then ran twice, ran with the wrong context, or made the
 * call return before all tasks had run.) Two limits keep the argument sound: a count of
 * POOL_CLOSED or more runs inline, so claiming never reaches the closed index; and the
 * generation wraps after 2^32 jobs, which a worker stalled between its load and its CAS would
 * have to sleep through for an ABA.
 *
 * The caller itself claims whatever is left, so a slow wake-up never costs more than running
 * serially. One job runs at a time; a second caller (or a nested call from inside a task) runs its
 * tasks inline.
 *
 * Size: one worker per usable core besides the caller (nabla_usable_cores, which honours the
 * affinity mask and a cgroup CPU quota). nabla_thread_pool_set_workers resizes the pool while
 * holding the job lock, so no job is in progress: workers numbered at or above the new target
 * see it while spinning or are woken from their sleep, exit, and are joined.
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
/* The index of a closed generation: no claim can start from it (see the protocol above). */
#define POOL_CLOSED 0xffffffffu

static struct {
    _Atomic uint64_t ticket;         /* generation << 32 | next unclaimed index, or POOL_CLOSED */
    _Atomic(nabla_task) task;
    _Atomic(void *) context;
    _Atomic int64_t count;
    _Atomic int64_t remaining;       /* tasks not yet finished */
    _Atomic int sleepers;
    _Atomic int target;              /* workers numbered target and up exit */
    _Atomic int workers;             /* running workers, numbered 0 ..< workers */
    pthread_t threads[POOL_MAX_WORKERS];
    pthread_mutex_t job_lock;        /* held by the caller for the whole job, and while resizing */
    pthread_mutex_t sleep_lock;
    pthread_cond_t wake;
    pthread_once_t once;
} pool = {
    .ticket = POOL_CLOSED,
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

/* Set while this thread runs tasks of a parallel job (nabla_parallel_in_task). */
static _Thread_local int running_task;

int nabla_parallel_in_task(void) { return running_task; }

/* Claims and runs tasks of `generation` until none is left. */
static void run_tasks(uint32_t generation) {
    uint64_t ticket = atomic_load(&pool.ticket);
    for (;;) {
        uint32_t index = (uint32_t)(ticket & 0xffffffffu);
        if ((uint32_t)(ticket >> 32) != generation || index == POOL_CLOSED)
            return;
        nabla_task task = atomic_load_explicit(&pool.task, memory_order_relaxed);
        void *context = atomic_load_explicit(&pool.context, memory_order_relaxed);
        if ((int64_t)index >= atomic_load_explicit(&pool.count, memory_order_relaxed))
            return;
        /* Success proves the three fields above are this generation's: see the protocol. */
        if (!atomic_compare_exchange_weak(&pool.ticket, &ticket, ticket + 1))
            continue; /* ticket now holds the fresh value */
        const int outer = running_task;
        running_task = 1;
        task(context, index);
        running_task = outer;
        atomic_fetch_sub(&pool.remaining, 1);
        ticket = atomic_load(&pool.ticket);
    }
}

/* Waits for a generation other than `seen`, spinning and then sleeping; returns it, or -1 when
   the pool shrinks below worker `id`, which then exits. */
static int64_t wait_for_job(int id, uint32_t seen) {
    uint64_t spin_start = now_nanoseconds();
    for (unsigned spins = 1;; spins++) {
        uint32_t generation = (uint32_t)(atomic_load(&pool.ticket) >> 32);
        if (generation != seen)
            return generation;
        if (id >= atomic_load_explicit(&pool.target, memory_order_relaxed))
            return -1;
        cpu_relax();
        if (spins % 256 == 0 && now_nanoseconds() - spin_start > POOL_SPIN_NANOSECONDS)
            break;
    }
    pthread_mutex_lock(&pool.sleep_lock);
    atomic_fetch_add(&pool.sleepers, 1);
    uint32_t generation;
    while ((generation = (uint32_t)(atomic_load(&pool.ticket) >> 32)) == seen && id < atomic_load(&pool.target))
        pthread_cond_wait(&pool.wake, &pool.sleep_lock);
    atomic_fetch_sub(&pool.sleepers, 1);
    pthread_mutex_unlock(&pool.sleep_lock);
    return generation != seen ? generation : -1;
}

static void *worker_main(void *argument) {
    const int id = (int)(intptr_t)argument;
    uint32_t seen = (uint32_t)(atomic_load(&pool.ticket) >> 32);
    for (;;) {
        int64_t generation = wait_for_job(id, seen);
        if (generation < 0)
            return NULL;
        seen = (uint32_t)generation;
        run_tasks(seen);
    }
}

/* Starts or stops workers until `wanted` run (fewer if threads cannot be created); the caller
   holds job_lock, so no job is in progress. Returns the number running. */
static int resize_locked(int wanted) {
    int running = atomic_load(&pool.workers);
    if (wanted < running) {
        atomic_store(&pool.target, wanted);
        pthread_mutex_lock(&pool.sleep_lock);
        pthread_cond_broadcast(&pool.wake);
        pthread_mutex_unlock(&pool.sleep_lock);
        for (int id = wanted; id < running; id++)
            pthread_join(pool.threads[id], NULL);
        running = wanted;
    } else {
        atomic_store(&pool.target, wanted);
        for (; running < wanted; running++) {
            if (pthread_create(&pool.threads[running], NULL, worker_main, (void *)(intptr_t)running) != 0)
                break;
        }
        atomic_store(&pool.target, running);
    }
    atomic_store(&pool.workers, running);
    return running;
}

/* The default size: one worker per usable core besides the calling thread. */
static int default_workers(void) {
    int wanted = nabla_usable_cores() - 1;
    return wanted > POOL_MAX_WORKERS ? POOL_MAX_WORKERS : wanted;
}

static void start_workers(void) {
    pthread_mutex_lock(&pool.job_lock);
    resize_locked(default_workers());
    pthread_mutex_unlock(&pool.job_lock);
}

int nabla_parallel_worker_count(void) {
    pthread_once(&pool.once, start_workers);
    return atomic_load(&pool.workers);
}

int nabla_thread_pool_set_workers(int workers) {
    pthread_once(&pool.once, start_workers);
    if (workers < 0)
        workers = default_workers();
    if (workers > POOL_MAX_WORKERS)
        workers = POOL_MAX_WORKERS;
    pthread_mutex_lock(&pool.job_lock);
    int running = resize_locked(workers);
    pthread_mutex_unlock(&pool.job_lock);
    return running;
}

void nabla_parallel_for(int64_t count, nabla_task task, void *context) {
    if (count <= 0)
        return;
    if (count == 1 || count >= POOL_CLOSED || nabla_parallel_worker_count() == 0
        || pthread_mutex_trylock(&pool.job_lock) != 0) {
        for (int64_t i = 0; i < count; i++)
            task(context, i);
        return;
    }
    /* The ticket is closed here (it starts closed, and every job closes it before unlocking). */
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
    /* Every index is claimed: close the generation, so that a worker still holding the exhausted
       ticket cannot claim a task once the next caller writes its fields. */
    atomic_store(&pool.ticket, (uint64_t)generation << 32 | POOL_CLOSED);
    /* Wait for tasks still running on workers; yield now and then in case a worker was
       descheduled (an oversubscribed machine), so it can get the core back. */
    for (unsigned spins = 1; atomic_load(&pool.remaining) > 0; spins++) {
        cpu_relax();
        if (spins % 4096 == 0)
            sched_yield();
    }
    pthread_mutex_unlock(&pool.job_lock);
}
