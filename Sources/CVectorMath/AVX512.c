/* The kernels for AVX-512 (sixteen lanes: each vector operation is one 512-bit instruction).
 * Every function in this file, the inlined helpers included, is compiled for AVX-512 F, DQ,
 * BW and VL; contraction stays off (Kernels.h), so the FMA these targets imply is never used,
 * and each lane does what a lane of the eight-lane versions does: the same bits. Dispatch.c
 * calls these only on a CPU with all four. On other processors this file is empty. */
#include "CVectorMath.h"
#if defined(__x86_64__)
#pragma clang attribute push(__attribute__((target("avx512f,avx512dq,avx512bw,avx512vl"))), apply_to = function)
#define LANES 16
#define VERSION(name) name##_avx512
#include "Kernels.h"
#pragma clang attribute pop
#endif
