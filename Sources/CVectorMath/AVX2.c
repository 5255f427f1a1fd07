/* The kernels for AVX2 (each eight-lane operation is one 256-bit instruction). Every function
 * in this file, the inlined helpers included, is compiled for AVX2; FMA stays off (it is not
 * part of the "avx2" target, and contraction is off in Kernels.h), except in cajal_fma_chains,
 * whose fused multiply-adds are written out (FMA_TARGET: AVX2 and FMA; Dispatch.c picks it
 * only on a CPU with both). On other processors this file is empty and Dispatch.c uses the
 * baseline kernels. */
#include "CVectorMath.h"
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)
#define VERSION(name) name##_avx2
#define FMA_TARGET __attribute__((target("avx2,fma")))
#include "Kernels.h"
#pragma clang attribute pop
#endif
