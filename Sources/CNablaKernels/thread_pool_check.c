/**
 * A self-test of nabla_parallel_for for the test suite (nabla_thread_pool_check): it runs many
 * small jobs back to back, each with its own context, task function and task count, and checks
 * after every call that each task ran exactly once, with its own job's context, before the call
 * returned. The loop runs here in C so that jobs follow each other as fast as GEMM calls in a
 * training loop do, which is what exposes races between one job's end and the next one's start.
 */

#include "CNablaKernels.h"

#include <stdatomic.h>
#include <stdint.h>

#define CHECK_MAX_TASKS 64
/* Jobs cycle through this many contexts, so a task that runs late finds its context idle or
   reused by another job. */
#define CHECK_CONTEXTS 4

typedef struct {
    _Atomic int64_t job;                   /* the job using this context; -1 while idle */
    _Atomic int kind;                      /* which task function that job passes (0 or 1) */
    _Atomic int64_t count;                 /* that job's task count */
    _Atomic int32_t runs[CHECK_MAX_TASKS]; /* calls of each task index */
    _Atomic int64_t seen[CHECK_MAX_TASKS]; /* the job each task index found in its context */
    _Atomic int64_t *foreign;              /* calls that did not belong to the context's job */
} check_context;

static void check_task(check_context *context, int64_t index, int kind) {
    int64_t job = atomic_load(&context->job);
    if (job < 0 || atomic_load(&context->kind) != kind || index < 0 || index >= atomic_load(&context->count)) {
        atomic_fetch_add(context->foreign, 1);
        return;
    }
    atomic_fetch_add(&context->runs[index], 1);
    atomic_store(&context->seen[index], job);
}

static void check_task_even(void *context, int64_t index) { check_task(context, index, 0); }
static void check_task_odd(void *context, int64_t index) { check_task(context, index, 1); }

nabla_thread_pool_check_result nabla_thread_pool_check(int64_t jobs, const int64_t *task_counts, int64_t pattern_length) {
    nabla_thread_pool_check_result result = {0, 0, 0};
    _Atomic int64_t foreign = 0;
    check_context contexts[CHECK_CONTEXTS];
    for (int c = 0; c < CHECK_CONTEXTS; c++) {
        atomic_init(&contexts[c].job, -1);
        atomic_init(&contexts[c].kind, 0);
        atomic_init(&contexts[c].count, 0);
        for (int i = 0; i < CHECK_MAX_TASKS; i++) {
            atomic_init(&contexts[c].runs[i], 0);
            atomic_init(&contexts[c].seen[i], -1);
        }
        contexts[c].foreign = &foreign;
    }
    for (int64_t job = 0; job < jobs && pattern_length > 0; job++) {
        check_context *context = &contexts[job % CHECK_CONTEXTS];
        int kind = (int)(job % 2);
        int64_t count = task_counts[job % pattern_length];
        if (count < 0)
            count = 0;
        if (count > CHECK_MAX_TASKS)
            count = CHECK_MAX_TASKS;
        for (int64_t i = 0; i < count; i++) {
            atomic_store_explicit(&context->runs[i], 0, memory_order_relaxed);
            atomic_store_explicit(&context->seen[i], -1, memory_order_relaxed);
        }
        atomic_store_explicit(&context->kind, kind, memory_order_relaxed);
        atomic_store_explicit(&context->count, count, memory_order_relaxed);
        atomic_store(&context->job, job);
        nabla_parallel_for(count, kind ? check_task_odd : check_task_even, context);
        int early = 0;
        for (int64_t i = 0; i < count; i++) {
            int32_t runs = atomic_load_explicit(&context->runs[i], memory_order_relaxed);
            if (runs == 0)
                early = 1;
            else if (runs > 1)
                result.repeated_tasks += runs - 1;
            if (runs > 0 && atomic_load_explicit(&context->seen[i], memory_order_relaxed) != job)
                result.foreign_calls++;
        }
        result.early_returns += early;
        atomic_store(&context->job, -1);
    }
    result.foreign_calls += atomic_load(&foreign);
    return result;
}
