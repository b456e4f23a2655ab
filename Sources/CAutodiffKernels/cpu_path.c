/* The one CPU-path selection of the C kernels (see cpu_path.h): the GEMM
 * and the vector math functions both start from it, each adding its own
 * per-thread override for tests. */
#include "cpu_path.h"

#include <stdatomic.h>

#if defined(__x86_64__) || defined(__i386__)
#define AD_CPU_X86 1
#else
#define AD_CPU_X86 0
#endif

int ad_cpu_path_supported(int path)
{
    if (path == 0) return 1;
#if AD_CPU_X86
    __builtin_cpu_init();
    /* __builtin_cpu_supports also checks XCR0: that the OS saves the wider
     * registers, not only that CPUID lists the instructions. */
    if (path == 1) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (path == 2) return __builtin_cpu_supports("avx512f");
#endif
    return 0;
}

/* -1 until the first call; first calls racing each other store the same value. */
static _Atomic int g_widest = -1;

int ad_cpu_widest_path(void)
{
    int p = atomic_load_explicit(&g_widest, memory_order_relaxed);
    if (p < 0) {
        p = ad_cpu_path_supported(2) ? 2 : ad_cpu_path_supported(1) ? 1 : 0;
        atomic_store_explicit(&g_widest, p, memory_order_relaxed);
    }
    return p;
}
