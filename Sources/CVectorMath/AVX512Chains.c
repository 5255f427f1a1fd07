/* AVX512Chains: cajal_fma_chains for AVX-512 (sixteen lanes, 32 registers): the same chains as Kernels.h's
 * (every element acc = +0, then acc = a·b + acc in one fused multiply-add per k in order, then
 * acc + 0), blocked wider: eight rows of C by 32 columns per pass over k, so each load of B
 * serves eight rows and each broadcast of A two vectors. Only the blocking differs from the
 * AVX2 + FMA and baseline versions, not any element's operations, so the bits are theirs.
 * Chosen where the CPU has AVX-512F (the CPUs where OpenBLAS runs its SkylakeX kernel, which
 * is where Tensor+Conv.swift uses the chains at all). */
#include <stddef.h>
#include <string.h>
#include "CVectorMath.h"

#if defined(__x86_64__)
#pragma clang fp contract(off)
#pragma clang attribute push(__attribute__((target("avx512f,fma"))), apply_to = function)

typedef float v16f __attribute__((vector_size(64)));

#define KERNEL static inline __attribute__((always_inline))

KERNEL v16f splat16(float x) { return (v16f){x, x, x, x, x, x, x, x, x, x, x, x, x, x, x, x}; }
KERNEL v16f load16(const float *p) { v16f v; memcpy(&v, p, sizeof v); return v; }
KERNEL void store16(float *p, v16f v) { memcpy(p, &v, sizeof v); }
KERNEL v16f fma16(v16f a, v16f b, v16f c) { return __builtin_elementwise_fma(a, b, c); }

/* G rows of C (A's element (t, kk) at a[t·rs + kk·ks]) by V vectors of 16 columns from j. */
KERNEL void chains16(int G, int V, float *c, ptrdiff_t ldc, const float *a, ptrdiff_t rs, ptrdiff_t ks,
                     const float *b, ptrdiff_t ldb, ptrdiff_t j, ptrdiff_t k) {
    v16f acc[8][2];
    for (int t = 0; t < G; t++)
        for (int v = 0; v < V; v++) acc[t][v] = splat16(0);
    for (ptrdiff_t kk = 0; kk < k; kk++) {
        v16f bv[2];
        for (int v = 0; v < V; v++) bv[v] = load16(b + kk * ldb + j + 16 * v);
        for (int t = 0; t < G; t++) {
            v16f av = splat16(a[t * rs + kk * ks]);
            for (int v = 0; v < V; v++) acc[t][v] = fma16(av, bv[v], acc[t][v]);
        }
    }
    for (int t = 0; t < G; t++)
        for (int v = 0; v < V; v++) store16(c + t * ldc + j + 16 * v, acc[t][v] + splat16(0));
}

KERNEL void chain_rows16(int G, float *c, ptrdiff_t ldc, const float *a, ptrdiff_t rs, ptrdiff_t ks,
                         const float *b, ptrdiff_t ldb, ptrdiff_t n, ptrdiff_t k) {
    ptrdiff_t j = 0;
    for (; j + 32 <= n; j += 32) chains16(G, 2, c, ldc, a, rs, ks, b, ldb, j, k);
    for (; j + 16 <= n; j += 16) chains16(G, 1, c, ldc, a, rs, ks, b, ldb, j, k);
    for (; j < n; j++) {
        for (int t = 0; t < G; t++) {
            float acc = 0;
            for (ptrdiff_t kk = 0; kk < k; kk++) acc = __builtin_fmaf(a[t * rs + kk * ks], b[kk * ldb + j], acc);
            c[t * ldc + j] = acc + 0.0f;
        }
    }
}

void fma_chains_avx512(float *c, ptrdiff_t ldc, const float *a, ptrdiff_t lda, int transA, const float *b,
                       ptrdiff_t ldb, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k) {
    const ptrdiff_t rs = transA ? 1 : lda, ks = transA ? lda : 1;
    ptrdiff_t i = 0;
    for (; i + 8 <= m; i += 8) chain_rows16(8, c + i * ldc, ldc, a + i * rs, rs, ks, b, ldb, n, k);
    for (; i + 4 <= m; i += 4) chain_rows16(4, c + i * ldc, ldc, a + i * rs, rs, ks, b, ldb, n, k);
    for (; i + 2 <= m; i += 2) chain_rows16(2, c + i * ldc, ldc, a + i * rs, rs, ks, b, ldb, n, k);
    for (; i < m; i++) chain_rows16(1, c + i * ldc, ldc, a + i * rs, rs, ks, b, ldb, n, k);
}

#pragma clang attribute pop
#endif
