/* The CPU paths of the C kernels, chosen once for all of them: 0 portable,
 * 1 AVX2 + FMA, 2 AVX-512. SwiftPM compiles this target for the baseline
 * x86-64, so each vector path is compiled with target attributes and
 * chosen at run time. Internal to the target (not in include/). */
#ifndef AD_CPU_PATH_H
#define AD_CPU_PATH_H

/* Whether this CPU (and its OS, which must save the wider registers) can
 * run `path`; path 0 always can. */
int ad_cpu_path_supported(int path);

/* The widest path this CPU supports, found on the first call. */
int ad_cpu_widest_path(void);

#endif
