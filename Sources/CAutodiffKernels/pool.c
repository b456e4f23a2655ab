/*
 * The library's thread pool (ad_pool_run in CAutodiffKernels.h).
 *
 * Why not Dispatch's concurrentPerform: it returns only when every
 * iteration it handed to a worker is done, and a worker it wakes late (tens
 * of microseconds, longer on a busy machine) holds the caller up even when
 * the caller could have done that iteration itself. Here the indices are
 * claimed from one atomic counter, the calling thread claims too, and a
 * worker that has not woken yet claims nothing: the call ends as soon as
 * every index is done.
 *
 * Workers are started once, on the first parallel call, one fewer than the
 * cores. Between calls a worker spins for AD_POOL_SPIN_NS, then parks on a
 * condition variable: waking a parked thread takes tens of microseconds,
 * as long as many of the kernels it would help with, and an eager program
 * calls kernels back to back with only microseconds between them. The
 * caller likewise spins a while for a busy worker before it sleeps.
 *
 * A call made while another thread's call holds the pool, or from inside a
 * call (a worker's index, or the caller's own), runs its indices inline on
 * the calling thread: serial, never waiting for the pool, so nesting
 * cannot deadlock and many threads calling at once are safe (they are not
 * queued: running inline at once beats waiting for a pool that is busy).
 */
#include "CAutodiffKernels.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <time.h>
#include <unistd.h>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define AD_POOL_PAUSE() _mm_pause()
#elif defined(__aarch64__)
#define AD_POOL_PAUSE() __asm__ __volatile__("yield")
#else
#define AD_POOL_PAUSE() ((void)0)
#endif

#define AD_POOL_MAX_WORKERS 255
/* How long an idle worker (or a caller waiting for one) spins before it
 * sleeps: long enough to bridge the gap between two kernels of an eager
 * program, short enough not to keep a core busy for others for long. */
#define AD_POOL_SPIN_NS 100000

static struct {
    pthread_mutex_t lock;
    pthread_cond_t wake; /* workers: a new generation was posted */
    pthread_cond_t idle; /* callers: the last busy worker left */
    /* Written under `lock`; read without it by spinning threads. */
    _Atomic uint64_t generation;
    void (*fn)(void *, int64_t);
    void *context;
    int64_t count;
    _Atomic int64_t next;
    /* Workers that took the current job and may still claim an index: a
     * caller returns, and the next job is posted, only when this is 0, so a
     * worker never runs one job's function with another job's index. */
    _Atomic int busy;
    int sleeping; /* workers waiting on `wake` */
    int workers;
} g_pool = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER, .idle = PTHREAD_COND_INITIALIZER};

/* One caller at a time owns the pool; the others run inline. */
static pthread_mutex_t g_pool_owner = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t g_pool_once = PTHREAD_ONCE_INIT;
/* Set on workers for good and on a caller during its call: calls made
 * there run inline. */
static _Thread_local bool t_inside_pool;

static void claim_all(void (*fn)(void *, int64_t), void *context, int64_t count)
{
    for (;;) {
        /* Sequentially consistent, as are `busy`'s increment and the
         * caller's last read of it: a caller that finds no index left and
         * then `busy` at 0 knows that no worker can still get one. */
        const int64_t i = atomic_fetch_add(&g_pool.next, 1);
        if (i >= count) return;
        fn(context, i);
    }
}

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Spins until `done(arg)` or AD_POOL_SPIN_NS have passed; returns done(arg). */
static bool spin_until(bool (*done)(const void *), const void *arg)
{
    const uint64_t start = now_ns();
    for (int i = 0;; i++) {
        if (done(arg)) return true;
        /* The clock every 64 pauses: a pause is tens of nanoseconds. */
        if ((i & 63) == 63 && now_ns() - start > AD_POOL_SPIN_NS) return false;
        AD_POOL_PAUSE();
    }
}

static bool generation_moved(const void *seen)
{
    return atomic_load_explicit(&g_pool.generation, memory_order_relaxed) != *(const uint64_t *)seen;
}

static bool no_busy_worker(const void *unused)
{
    (void)unused;
    return atomic_load(&g_pool.busy) == 0;
}

static void *worker_main(void *unused)
{
    (void)unused;
    t_inside_pool = true;
    pthread_mutex_lock(&g_pool.lock);
    uint64_t seen = g_pool.generation;
    for (;;) {
        if (g_pool.generation == seen) {
            pthread_mutex_unlock(&g_pool.lock);
            spin_until(generation_moved, &seen);
            pthread_mutex_lock(&g_pool.lock);
        }
        while (g_pool.generation == seen) {
            g_pool.sleeping++;
            pthread_cond_wait(&g_pool.wake, &g_pool.lock);
            g_pool.sleeping--;
        }
        seen = g_pool.generation;
        atomic_fetch_add(&g_pool.busy, 1);
        void (*fn)(void *, int64_t) = g_pool.fn;
        void *context = g_pool.context;
        const int64_t count = g_pool.count;
        pthread_mutex_unlock(&g_pool.lock);
        claim_all(fn, context, count);
        pthread_mutex_lock(&g_pool.lock);
        /* Release: the caller may see 0 by spinning, without the lock. */
        if (atomic_fetch_sub_explicit(&g_pool.busy, 1, memory_order_release) == 1)
            pthread_cond_broadcast(&g_pool.idle);
    }
    return NULL;
}

static void pool_start(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    if (cores < 1) cores = 1;
    int want = cores - 1 > AD_POOL_MAX_WORKERS ? AD_POOL_MAX_WORKERS : (int)cores - 1;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    int started = 0;
    for (int w = 0; w < want; w++) {
        pthread_t thread;
        if (pthread_create(&thread, &attr, worker_main, NULL) == 0) started++;
    }
    pthread_attr_destroy(&attr);
    pthread_mutex_lock(&g_pool.lock);
    g_pool.workers = started;
    pthread_mutex_unlock(&g_pool.lock);
}

int ad_pool_threads(void)
{
    pthread_once(&g_pool_once, pool_start);
    return g_pool.workers + 1;
}

static void run_inline(int64_t count, void *context, void (*fn)(void *, int64_t))
{
    const bool was_inside = t_inside_pool;
    t_inside_pool = true;
    for (int64_t i = 0; i < count; i++) fn(context, i);
    t_inside_pool = was_inside;
}

void ad_pool_run(int64_t count, void *context, void (*fn)(void *, int64_t))
{
    if (count <= 0) return;
    if (count == 1 || t_inside_pool || ad_pool_threads() < 2 || pthread_mutex_trylock(&g_pool_owner) != 0) {
        run_inline(count, context, fn);
        return;
    }
    pthread_mutex_lock(&g_pool.lock);
    /* A worker that woke late for the previous job may still hold it. */
    while (g_pool.busy > 0) pthread_cond_wait(&g_pool.idle, &g_pool.lock);
    g_pool.fn = fn;
    g_pool.context = context;
    g_pool.count = count;
    atomic_store_explicit(&g_pool.next, 0, memory_order_relaxed);
    atomic_fetch_add_explicit(&g_pool.generation, 1, memory_order_relaxed);
    if (g_pool.sleeping > 0) pthread_cond_broadcast(&g_pool.wake);
    pthread_mutex_unlock(&g_pool.lock);

    t_inside_pool = true;
    claim_all(fn, context, count);
    t_inside_pool = false;

    if (!spin_until(no_busy_worker, NULL)) {
        pthread_mutex_lock(&g_pool.lock);
        while (g_pool.busy > 0) pthread_cond_wait(&g_pool.idle, &g_pool.lock);
        pthread_mutex_unlock(&g_pool.lock);
    }
    pthread_mutex_unlock(&g_pool_owner);
}
