/*
 * Shared products (see gemm_job.h) for one element type, included by gemm.c
 * after gemm_entry.h of that type. Parameters, #undef'd at the end: GT, GS(x)
 * and GJOB (the public name of the create function).
 */

/* Task `t` of a shared product: a pack task, or a compute task. */
static void GS(job_run)(struct ad_gemm_job *job, int64_t t)
{
    const GT *a = (const GT *)job->a, *b = (const GT *)job->b;
    GT *c = (GT *)job->c;
    const int64_t m = job->m, n = job->n, k = job->k, lda = job->lda, ldb = job->ldb, ldc = job->ldc;
    const int ta = job->ta, tb = job->tb;
    GT *bpack = (GT *)job->bpack;

    if (t < job->pack_tasks) {
        /* Columns [j0, j0 + cols) of op(B) over k block kb, packed where
         * every compute task expects them: k block after k block, each a
         * row of panels of kb steps. */
        const int64_t kb_i = t / job->pack_groups, g = t % job->pack_groups;
        const int64_t pc = kb_i * job->kc, kb = k - pc < job->kc ? k - pc : job->kc;
        const int64_t j0 = g * job->group_cols, cols = n - j0 < job->group_cols ? n - j0 : job->group_cols;
        GT *dst = bpack + pc * job->npad + j0 * kb;
        GS(impls)[job->path].pack_b(tb, kb, cols, tb ? b + j0 * ldb + pc : b + pc * ldb + j0, ldb, dst);
        atomic_fetch_add_explicit(&job->packed[kb_i], 1, memory_order_release);
        return;
    }

    t -= job->pack_tasks;
    int64_t r0, r1, c0, c1;
    job_range(job->row_units, job->row_tasks, t / job->col_tasks, &r0, &r1);
    job_range(job->col_units, job->col_tasks, t % job->col_tasks, &c0, &c1);
    const int64_t i0 = r0 * job->row_unit, i1 = r1 * job->row_unit < m ? r1 * job->row_unit : m;
    const int64_t j0 = c0 * job->col_unit, j1 = c1 * job->col_unit < n ? c1 * job->col_unit : n;
    if (i0 >= i1 || j0 >= j1) return;

    if (!job->shared) {
        GS(gemm_at)(job->path, ta, tb, i1 - i0, j1 - j0, k, ta ? a + i0 : a + i0 * lda, lda,
                    tb ? b + j0 * ldb : b + j0, ldb, c + i0 * ldc + j0, ldc);
        return;
    }

    /* This task's rows of op(A), one k block at a time, times the shared
     * panels of that block; its A block fits the per-thread workspace as
     * job_plan_grid bounds its rows by mc. */
    const int64_t mb = i1 - i0, kcap = k < job->kc ? k : job->kc;
    void *owned = NULL;
    GT *Ap = (GT *)workspace((size_t)((mb + job->mr - 1) / job->mr * job->mr * kcap) * sizeof(GT), &owned);
    for (int64_t kb_i = 0; kb_i < job->kblocks; kb_i++) {
        const int64_t pc = kb_i * job->kc, kb = k - pc < job->kc ? k - pc : job->kc;
        if (Ap) GS(impls)[job->path].pack_a(ta, mb, kb, ta ? a + pc * lda + i0 : a + i0 * lda + pc, lda, Ap);
        job_wait(&job->packed[kb_i], job->pack_groups);
        const GT *block = bpack + pc * job->npad;
        for (int64_t jc = j0; jc < j1; jc += job->nc) {
            const int64_t nb = j1 - jc < job->nc ? j1 - jc : job->nc;
            if (Ap) {
                GS(impls)[job->path].macro(mb, nb, kb, Ap, block + jc * kb, c + i0 * ldc + jc, ldc, kb_i > 0);
            } else {
                /* No memory for the A block: this part of C the slow way,
                 * all k at once, when the last k block comes round. */
                if (kb_i == job->kblocks - 1)
                    GS(naive)(ta, tb, mb, nb, k, ta ? a + i0 : a + i0 * lda, lda, tb ? b + jc * ldb : b + jc, ldb,
                              c + i0 * ldc + jc, ldc);
            }
        }
    }
    free(owned);
}

ad_gemm_job *GJOB(int trans_a, int trans_b, int64_t m, int64_t n, int64_t k, const GT *a, int64_t lda, const GT *b,
                  int64_t ldb, GT *c, int64_t ldc, int threads)
{
    struct ad_gemm_job *job = calloc(1, sizeof *job);
    if (!job) return NULL;
    const int path = ad_gemm_path();
    const int64_t *blocks = GS(impls)[path].blocks;
    job->run = GS(job_run);
    job->path = path;
    job->ta = trans_a != 0;
    job->tb = trans_b != 0;
    job->m = m > 0 ? m : 0;
    job->n = n > 0 ? n : 0;
    job->k = k > 0 ? k : 0;
    job->lda = lda;
    job->ldb = ldb;
    job->ldc = ldc;
    job->a = a;
    job->b = b;
    job->c = c;
    job->mr = blocks[0];
    job->nr = blocks[1];
    job->kc = blocks[3];
    job->nc = blocks[4];
    if (job->m == 0 || job->n == 0) return job; /* no tasks: nothing to write */

    /* Shared only where the single-threaded product would pack too. */
    const int64_t m_ = job->m, n_ = job->n, k_ = job->k;
    const int64_t min_rows = t_job_min_rows >= 0 ? t_job_min_rows : AD_JOB_SHARED_MIN_ROWS;
    int shared = k_ > 0 && (double)m_ * (double)n_ * (double)k_ > AD_TINY_MNK && !GS(is_small)(m_, n_, k_) &&
                 m_ >= min_rows * (threads < 1 ? 1 : threads);
    if (shared) {
        job->npad = (n_ + job->nr - 1) / job->nr * job->nr;
        job->kblocks = (k_ + job->kc - 1) / job->kc;
        const double bytes = (double)k_ * (double)job->npad * sizeof(GT);
        shared = bytes <= (double)AD_JOB_BPACK_MAX;
        if (shared) {
            job->bpack_bytes = (size_t)bytes;
            job->bpack = bpack_take(job->bpack_bytes);
            job->packed = calloc((size_t)job->kblocks, sizeof *job->packed);
            if (!job->bpack || !job->packed) {
                bpack_give_back(job->bpack, job->bpack_bytes);
                free(job->packed);
                job->bpack = NULL;
                job->packed = NULL;
                shared = 0;
            }
        }
    }
    job->shared = shared;
    job_plan_grid(job, threads, blocks[2]);
    if (shared) {
        /* Pack tasks of about 256 columns (8 AVX-512 panels) by one k block:
         * about 64K elements, tens of microseconds; narrower when that makes
         * fewer tasks than threads (a short k: W4's 784 x 128 x 256 has one
         * k block), so that no thread waits while another packs it all. */
        const int64_t panels = job->npad / job->nr, want = (threads < 1 ? 1 : threads);
        int64_t per_group = (256 + job->nr - 1) / job->nr;
        while (per_group > 1 && job->kblocks * ((panels + per_group - 1) / per_group) < want) per_group /= 2;
        job->pack_groups = (panels + per_group - 1) / per_group;
        job->group_cols = per_group * job->nr;
        job->pack_tasks = job->kblocks * job->pack_groups;
    }
    job->tasks = job->pack_tasks + job->row_tasks * job->col_tasks;
    return job;
}

#undef GT
#undef GS
#undef GJOB
