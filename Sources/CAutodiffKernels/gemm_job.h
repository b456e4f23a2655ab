/*
 * Shared products: one C = op(A) op(B) computed by several threads together
 * (ad_gemm_job in CAutodiffKernels.h), included once by gemm.c; the parts
 * that depend on the element type are in gemm_job_template.h.
 *
 * Why: splitting the rows of C over threads that each call ad_sgemm makes
 * every thread pack all of op(B) for itself, so B is packed once per thread
 * and each copy is serial work (about 0.5 ms of 6 ms per thread for
 * 1024 x 1024). Here op(B) is packed once, into one buffer every thread
 * reads, by all the threads together; then each thread packs only its own
 * rows of op(A) and multiplies them by the shared panels.
 *
 * The work is a list of tasks that threads claim in order from one atomic
 * counter: first the pack tasks (a cache block of k by a group of B panels),
 * then the compute tasks (a group of rows, and when there are few rows a
 * range of columns too, of C). A compute task waits, before each k block,
 * until every pack task of that block has finished. That wait cannot
 * deadlock however many threads run and in whatever order: tasks are claimed
 * in order, so every pack task it waits for was claimed earlier, by a thread
 * that is running it now; the same holds when a single thread runs the whole
 * list. There are a few tasks per thread rather than one, so that a thread
 * that starts late (waking a worker takes tens of microseconds, longer on a
 * busy machine) leaves its share to the others instead of making them wait.
 *
 * Products for which packing B once does not apply or does not pay (tiny
 * ones, those for the unpacked path, those with fewer than
 * AD_JOB_SHARED_MIN_ROWS rows per thread and those whose packed B would
 * exceed AD_JOB_BPACK_MAX) are split into independent sub-products of rows
 * or columns instead, one per thread.
 */

/* A product is shared only when every thread gets at least this many rows
 * of C. Below that each thread's task reuses a B block over too few
 * micro-panels for reading it from L3 or the other core (half of it was
 * packed there) to beat packing it again in its own L2: W4's 128 x 256 x 256
 * took 106 us shared against 77 us with each thread packing B itself, the
 * 784 x 256 x 128 gradient 267 against 256 us (minimum of 300 on two busy
 * cores), while 1024 x 1024 x 1024 saves the second packing of a 4 MB B. */
#define AD_JOB_SHARED_MIN_ROWS 512
/* Test override of AD_JOB_SHARED_MIN_ROWS on the creating thread, or -1. */
static _Thread_local int64_t t_job_min_rows = -1;

int ad_gemm_job_force_min_rows(int64_t rows)
{
    t_job_min_rows = rows < 0 ? -1 : rows;
    return 1;
}

/* Tasks per thread of a shared product: enough that a late thread's share
 * is taken over, few enough that each compute task reuses every B block
 * (read from L3, the other core may have packed it) over many rows. */
#define AD_JOB_TASKS_PER_THREAD 2
/* Largest packed op(B) a shared product allocates (bytes); past it the
 * product is split into independent ones, whose B blocks stay small. */
#define AD_JOB_BPACK_MAX ((size_t)64 << 20)
/* A packed-B buffer up to this size is kept for the next shared product
 * (a fresh one would page fault on every call); a larger one is freed. */
#define AD_JOB_BPACK_KEEP ((size_t)16 << 20)

struct ad_gemm_job {
    void (*run)(struct ad_gemm_job *, int64_t task);
    int path, ta, tb, shared;
    int64_t m, n, k, lda, ldb, ldc;
    const void *a, *b;
    void *c;
    /* Plan: the micro-tile and cache blocks of the path, and the task grid. */
    int64_t mr, nr, kc, nc;
    int64_t kblocks;         /* k blocks of kc steps */
    int64_t npad;            /* n rounded up to whole panels of nr columns */
    int64_t pack_groups;     /* pack tasks per k block */
    int64_t group_cols;      /* columns per pack task (whole panels) */
    int64_t row_tasks, col_tasks;
    int64_t row_units, row_unit; /* rows of C are split in units of row_unit rows */
    int64_t col_units, col_unit; /* and columns in units of col_unit */
    int64_t pack_tasks, tasks;
    void *bpack;
    size_t bpack_bytes;
    _Atomic int64_t next;    /* the next task to claim */
    _Atomic int64_t *packed; /* per k block: pack tasks finished */
};

/* One packed-B buffer kept between shared products. */
static pthread_mutex_t g_bpack_lock = PTHREAD_MUTEX_INITIALIZER;
static void *g_bpack_cache;
static size_t g_bpack_cache_bytes;

static void *bpack_take(size_t bytes)
{
    void *p = NULL;
    pthread_mutex_lock(&g_bpack_lock);
    if (g_bpack_cache && g_bpack_cache_bytes >= bytes) {
        p = g_bpack_cache;
        g_bpack_cache = NULL;
    }
    pthread_mutex_unlock(&g_bpack_lock);
    if (p) return p;
    if (posix_memalign(&p, 64, bytes) != 0) return NULL;
    return p;
}

static void bpack_give_back(void *p, size_t bytes)
{
    if (!p) return;
    if (bytes <= AD_JOB_BPACK_KEEP) {
        pthread_mutex_lock(&g_bpack_lock);
        /* Keep the larger of the two: it serves more products. */
        if (!g_bpack_cache || g_bpack_cache_bytes < bytes) {
            void *old = g_bpack_cache;
            g_bpack_cache = p;
            g_bpack_cache_bytes = bytes;
            p = old;
        }
        pthread_mutex_unlock(&g_bpack_lock);
    }
    free(p);
}

/* Spins until *counter reaches target: the pack tasks waited for are running
 * on other threads and take tens of microseconds; yielding after a while
 * lets them have this core if the machine is oversubscribed. */
static void job_wait(_Atomic int64_t *counter, int64_t target)
{
    for (int spins = 0; atomic_load_explicit(counter, memory_order_acquire) < target; spins++) {
        if (spins < 4096) {
#if AD_X86
            _mm_pause();
#endif
        } else {
            sched_yield();
        }
    }
}

/* Splits units (micro-panels of rows, or of columns) into `parts` ranges
 * that differ by at most one unit; range `i` is [*lo, *hi). */
static void job_range(int64_t units, int64_t parts, int64_t i, int64_t *lo, int64_t *hi)
{
    *lo = units * i / parts;
    *hi = units * (i + 1) / parts;
}

/* Fills in the task grid. Rows are split first (each compute task then
 * reads all of the shared B, no part of it twice); columns too only when
 * there are too few rows for a few tasks per thread. Shared products need
 * whole micro-panels per task and at most mc rows (the per-thread A block);
 * independent ones split at any row, but not below 16 rows or columns. */
static void job_plan_grid(struct ad_gemm_job *job, int64_t threads, int64_t mc)
{
    /* Independent tasks each pack their own B: one per thread, so that no
     * more copies are made than there are threads. */
    const int64_t target = (threads < 1 ? 1 : threads) * (job->shared ? AD_JOB_TASKS_PER_THREAD : 1);
    job->row_unit = job->shared ? job->mr : 16;
    job->col_unit = job->shared ? job->nr : 16;
    job->row_units = (job->m + job->row_unit - 1) / job->row_unit;
    job->col_units = (job->n + job->col_unit - 1) / job->col_unit;
    int64_t rows = job->row_units < target ? job->row_units : target;
    if (job->shared) {
        const int64_t per_block = mc / job->mr;
        const int64_t least = (job->row_units + per_block - 1) / per_block;
        if (rows < least) rows = least;
    }
    int64_t cols = 1;
    if (rows < target) {
        cols = (target + rows - 1) / rows;
        if (cols > job->col_units) cols = job->col_units;
    }
    job->row_tasks = rows;
    job->col_tasks = cols;
}

void ad_gemm_job_work(struct ad_gemm_job *job)
{
    if (!job) return;
    /* Sub-products of an independent split call the public entry's logic on
     * this thread: make them take the creator's path (tests force one). */
    const int saved_path = t_forced_path;
    t_forced_path = job->path;
    for (;;) {
        const int64_t t = atomic_fetch_add_explicit(&job->next, 1, memory_order_relaxed);
        if (t >= job->tasks) break;
        job->run(job, t);
    }
    t_forced_path = saved_path;
}

int ad_gemm_job_is_shared(const struct ad_gemm_job *job) { return job && job->shared; }

void ad_gemm_job_destroy(struct ad_gemm_job *job)
{
    if (!job) return;
    bpack_give_back(job->bpack, job->bpack_bytes);
    free(job->packed);
    free(job);
}
