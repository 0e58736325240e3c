/**
 * Per-thread scratch arena for GEMM packing buffers. Allocating (and page-faulting) a fresh
 * megabyte per call would cost tens of microseconds, so each thread keeps its buffer and only
 * grows it. A pthread key destructor frees it when the thread exits.
 */

#include "kernel_support.h"

#include <pthread.h>
#include <stdlib.h>

typedef struct {
    void *data;
    size_t capacity;
} scratch_block;

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;

static void scratch_destroy(void *pointer) {
    scratch_block *block = pointer;
    free(block->data);
    free(block);
}

static void scratch_make_key(void) {
    pthread_key_create(&scratch_key, scratch_destroy);
}

void *nabla_thread_scratch(size_t bytes) {
    pthread_once(&scratch_once, scratch_make_key);
    scratch_block *block = pthread_getspecific(scratch_key);
    if (block == NULL) {
        block = calloc(1, sizeof *block);
        if (block == NULL)
            return NULL;
        pthread_setspecific(scratch_key, block);
    }
    if (block->capacity < bytes) {
        free(block->data);
        block->data = NULL;
        block->capacity = 0;
        size_t rounded = (bytes + 4095) & ~(size_t)4095;
        if (posix_memalign(&block->data, 64, rounded) != 0)
            return NULL;
        block->capacity = rounded;
    }
    return block->data;
}
