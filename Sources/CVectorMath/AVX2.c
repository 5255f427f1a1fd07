/* The kernels for AVX2 (each eight-lane operation is one 256-bit instruction). Every function
 * in this file, the inlined helpers included, is compiled for AVX2; FMA stays off (it is not
 * part of the "avx2" target, and contraction is off in Kernels.h). On other processors this
 * file is empty and Dispatch.c uses the baseline kernels. */
#include "CVectorMath.h"
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)
#define VERSION(name) name##_avx2
#include "Kernels.h"
#pragma clang attribute pop
#endif
