/* Giving freed memory back to the system, for the buffer pool. */
#include "include/CAutodiffKernels.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void ad_malloc_trim(void) {
#if defined(__GLIBC__)
    /* glibc keeps freed memory in its heaps (a large block freed under a
     * small one cannot be trimmed from the top); malloc_trim returns every
     * free page of every arena. Elsewhere free() already does enough. */
    malloc_trim(0);
#endif
}
