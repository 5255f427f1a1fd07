/* Dispatch: each public kernel calls the version of one level, chosen at the first call of any
 * of them: the best this CPU runs (AVX-512 F/DQ/BW/VL, else AVX2, else baseline x86-64), or a
 * lower one named by the environment, CAJAL_VECTOR_MATH=baseline|avx2|avx512 (for measuring;
 * a level the CPU lacks is never taken, an unknown name is ignored). All levels give the same
 * bits (include/CVectorMath.h), so the choice moves only time.
 *
 * Pointers set at the first call, not ifuncs: an ifunc's resolver runs while the loader
 * relocates the program, before libc has set up the environment (getenv returns NULL there,
 * glibc 2.36). A call is a load of the kernel's pointer and an indirect jump, as through an
 * ifunc's PLT entry; measured, 0.45 ns more a call than the ifunc (4.65 against 4.2 ns for a
 * 16-float add): lstm_b32 makes about 4,900 calls a step, 2 µs of its 2.9 ms. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "CVectorMath.h"

typedef void (*row_fn)(float *, const float *, ptrdiff_t);
typedef void (*lstm_fn)(float *, const float *, float *, float *, float *, ptrdiff_t);
typedef void (*lstm_back_fn)(float *, const float *, const float *, const float *, const float *, const float *,
                             float *, float *, ptrdiff_t);
typedef void (*binary_fn)(int, float *, const float *, ptrdiff_t, const float *, ptrdiff_t, ptrdiff_t);
typedef void (*backward_fn)(int, float *, const float *, const float *, ptrdiff_t);
typedef void (*backward_product_fn)(int, float *, const float *, const float *, const float *, ptrdiff_t);
typedef void (*binary_rows_fn)(int, float *, ptrdiff_t, const float *, ptrdiff_t, ptrdiff_t, const float *, ptrdiff_t,
                               ptrdiff_t, ptrdiff_t, ptrdiff_t);
typedef void (*column_sums_fn)(float *, const float *, ptrdiff_t, ptrdiff_t, double);
typedef void (*max_pool_fn)(float *, float *, const float *, ptrdiff_t, ptrdiff_t, ptrdiff_t, ptrdiff_t, ptrdiff_t);
typedef void (*rows_fn)(float *, ptrdiff_t, const float *, ptrdiff_t, ptrdiff_t, ptrdiff_t);
typedef void (*fma_chains_fn)(float *, ptrdiff_t, const float *, ptrdiff_t, int, const float *, ptrdiff_t, ptrdiff_t,
                              ptrdiff_t, ptrdiff_t);
typedef ptrdiff_t (*max_unpool_fn)(float *, const float *, const float *, ptrdiff_t, ptrdiff_t, ptrdiff_t, ptrdiff_t);

#define DECLARE(suffix)                                                                          \
    void exp_row_##suffix(float *o, const float *x, ptrdiff_t n);                                \
    void tanh_row_##suffix(float *o, const float *x, ptrdiff_t n);                               \
    void sigmoid_row_##suffix(float *o, const float *x, ptrdiff_t n);                            \
    void lstm_row_##suffix(float *z, const float *c_prev, float *c_new, float *tc, float *h_new, \
                           ptrdiff_t hidden);                                                    \
    void lstm_row_backward_##suffix(float *gh, const float *gadd, const float *gc, const float *c_prev,  \
                                    const float *gates, const float *tc, float *dz, float *dc_prev,     \
                                    ptrdiff_t hidden);                                                    \
    void binary_row_##suffix(int op, float *o, const float *a, ptrdiff_t sa, const float *b, ptrdiff_t sb,       \
                             ptrdiff_t n);                                                                       \
    void backward_row_##suffix(int op, float *o, const float *y, const float *g, ptrdiff_t n);                   \
    void backward_product_row_##suffix(int op, float *o, const float *y, const float *g, const float *m,         \
                                       ptrdiff_t n);                                                             \
    void column_sums_##suffix(float *o, const float *x, ptrdiff_t outer, ptrdiff_t inner, double scale);         \
    void binary_rows_##suffix(int op, float *o, ptrdiff_t ldo, const float *a, ptrdiff_t lda, ptrdiff_t sa,      \
                              const float *b, ptrdiff_t ldb, ptrdiff_t sb, ptrdiff_t n, ptrdiff_t rows);   \
    void max_pool_2x2_##suffix(float *values, float *indices, const float *x, ptrdiff_t planes, ptrdiff_t h,     \
                               ptrdiff_t w, ptrdiff_t oh, ptrdiff_t ow);                                         \
    ptrdiff_t max_unpool_2x2_##suffix(float *dx, const float *g, const float *ix, ptrdiff_t planes, ptrdiff_t oh, \
                                      ptrdiff_t ow, ptrdiff_t w);                                      \
    void copy_rows_##suffix(float *dst, ptrdiff_t ldd, const float *src, ptrdiff_t lds, ptrdiff_t rows, ptrdiff_t n); \
    void add_rows_##suffix(float *dst, ptrdiff_t ldd, const float *src, ptrdiff_t lds, ptrdiff_t rows, ptrdiff_t n); \
    void fma_chains_##suffix(float *c, ptrdiff_t ldc, const float *a, ptrdiff_t lda, int transA, const float *b,    \
                             ptrdiff_t ldb, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k);

/* One level's kernels. */
struct kernels {
    row_fn exp, tanh, sigmoid;
    lstm_fn lstm;
    lstm_back_fn lstm_backward;
    binary_fn binary;
    backward_fn backward;
    backward_product_fn backward_product;
    binary_rows_fn binary_rows;
    column_sums_fn column_sums;
};

/* One level's kernels; `sums` names the version of the column sums (kept at AVX2 on AVX-512). */
#define KERNELS(suffix, sums)                                                                        \
    {exp_row_##suffix, tanh_row_##suffix, sigmoid_row_##suffix, lstm_row_##suffix,                   \
     lstm_row_backward_##suffix, binary_row_##suffix, backward_row_##suffix,                         \
     backward_product_row_##suffix, binary_rows_##suffix, column_sums_##sums}

DECLARE(baseline)
#if defined(__x86_64__)
DECLARE(avx2)
DECLARE(avx512)
/* Every kernel is widened to sixteen lanes but the column sums, whose wider blocks were slower
 * (Kernels.h): the avx512 row names their avx2 version. */
static const struct kernels levels[3] = {KERNELS(baseline, baseline), KERNELS(avx2, avx2), KERNELS(avx512, avx2)};

/* The convolution's and pooling's kernels (Tensor+Conv.swift, Tensor+Pool.swift) stay ifuncs,
 * chosen when the program is loaded: AVX2 or baseline (their widths are fixed by their loops),
 * and for the FMA chains AVX-512, AVX2 with FMA, or baseline. */
static int has_avx2(void) {
    __builtin_cpu_init();   /* resolvers run before constructors, so before libgcc's own init */
    return __builtin_cpu_supports("avx2");
}
static max_pool_fn resolve_max_pool_2x2(void) { return has_avx2() ? max_pool_2x2_avx2 : max_pool_2x2_baseline; }
static max_unpool_fn resolve_max_unpool_2x2(void) { return has_avx2() ? max_unpool_2x2_avx2 : max_unpool_2x2_baseline; }
static rows_fn resolve_copy_rows(void) { return has_avx2() ? copy_rows_avx2 : copy_rows_baseline; }
static rows_fn resolve_add_rows(void) { return has_avx2() ? add_rows_avx2 : add_rows_baseline; }
/* The chains' versions: AVX-512 (AVX512Chains.c), AVX2 with FMA, baseline; the level of the
 * best this CPU runs is 2, 1 or 0. */
static int fma_chains_best(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma")) return 2;
    return has_avx2() && __builtin_cpu_supports("fma") ? 1 : 0;
}
static fma_chains_fn fma_chains_at(int level) {
    return level >= 2 ? fma_chains_avx512 : level == 1 ? fma_chains_avx2 : fma_chains_baseline;
}
static fma_chains_fn resolve_fma_chains(void) { return fma_chains_at(fma_chains_best()); }

void cajal_max_pool_2x2(float *values, float *indices, const float *x, ptrdiff_t planes, ptrdiff_t h, ptrdiff_t w,
                        ptrdiff_t oh, ptrdiff_t ow) __attribute__((ifunc("resolve_max_pool_2x2")));
ptrdiff_t cajal_max_unpool_2x2(float *dx, const float *g, const float *ix, ptrdiff_t planes, ptrdiff_t oh, ptrdiff_t ow,
                               ptrdiff_t w) __attribute__((ifunc("resolve_max_unpool_2x2")));
void cajal_copy_rows(float *dst, ptrdiff_t ldd, const float *src, ptrdiff_t lds, ptrdiff_t rows, ptrdiff_t n)
    __attribute__((ifunc("resolve_copy_rows")));
void cajal_add_rows(float *dst, ptrdiff_t ldd, const float *src, ptrdiff_t lds, ptrdiff_t rows, ptrdiff_t n)
    __attribute__((ifunc("resolve_add_rows")));
void cajal_fma_chains(float *c, ptrdiff_t ldc, const float *a, ptrdiff_t lda, int transA, const float *b, ptrdiff_t ldb,
                      ptrdiff_t m, ptrdiff_t n, ptrdiff_t k) __attribute__((ifunc("resolve_fma_chains")));
#else
/* Another processor: the baseline kernels, which the compiler vectorises for whatever the
 * target has, still without contraction, at every level. */
static const struct kernels levels[3] = {KERNELS(baseline, baseline), KERNELS(baseline, baseline),
                                         KERNELS(baseline, baseline)};
#define max_pool_2x2_avx2 max_pool_2x2_baseline
#define max_unpool_2x2_avx2 max_unpool_2x2_baseline
#define copy_rows_avx2 copy_rows_baseline
#define add_rows_avx2 add_rows_baseline
#define fma_chains_avx2 fma_chains_baseline
static int fma_chains_best(void) { return 0; }
static fma_chains_fn fma_chains_at(int level) { (void)level; return fma_chains_baseline; }
void cajal_max_pool_2x2(float *values, float *indices, const float *x, ptrdiff_t planes, ptrdiff_t h, ptrdiff_t w,
                        ptrdiff_t oh, ptrdiff_t ow) {
    max_pool_2x2_baseline(values, indices, x, planes, h, w, oh, ow);
}
ptrdiff_t cajal_max_unpool_2x2(float *dx, const float *g, const float *ix, ptrdiff_t planes, ptrdiff_t oh, ptrdiff_t ow,
                               ptrdiff_t w) {
    return max_unpool_2x2_baseline(dx, g, ix, planes, oh, ow, w);
}
void cajal_copy_rows(float *dst, ptrdiff_t ldd, const float *src, ptrdiff_t lds, ptrdiff_t rows, ptrdiff_t n) {
    copy_rows_baseline(dst, ldd, src, lds, rows, n);
}
void cajal_add_rows(float *dst, ptrdiff_t ldd, const float *src, ptrdiff_t lds, ptrdiff_t rows, ptrdiff_t n) {
    add_rows_baseline(dst, ldd, src, lds, rows, n);
}
void cajal_fma_chains(float *c, ptrdiff_t ldc, const float *a, ptrdiff_t lda, int transA, const float *b, ptrdiff_t ldb,
                      ptrdiff_t m, ptrdiff_t n, ptrdiff_t k) {
    fma_chains_baseline(c, ldc, a, lda, transA, b, ldb, m, n, k);
}
#endif

/* The best level this CPU runs. */
static int cpu_level(void) {
#if defined(__x86_64__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") &&
        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl"))
        return 2;
    if (__builtin_cpu_supports("avx2")) return 1;
#endif
    return 0;
}

/* Each kernel's pointer: until the first call, a stub that chooses the level, sets every
 * pointer from its row of `levels` and calls again. Relaxed atomics: a thread that sees a
 * stub chooses again, the same level. */
static _Atomic int chosen_level = -1;
#define POINTER(type, name) static _Atomic(type) name##_ptr;
POINTER(row_fn, exp) POINTER(row_fn, tanh) POINTER(row_fn, sigmoid) POINTER(lstm_fn, lstm)
POINTER(lstm_back_fn, lstm_backward) POINTER(binary_fn, binary) POINTER(backward_fn, backward)
POINTER(backward_product_fn, backward_product) POINTER(binary_rows_fn, binary_rows) POINTER(column_sums_fn, column_sums)
#define SET(name) atomic_store_explicit(&name##_ptr, k->name, memory_order_relaxed);
#define CALL(name) atomic_load_explicit(&name##_ptr, memory_order_relaxed)

static const struct kernels *choose(void) {
    int level = cpu_level();
    const char *name = getenv("CAJAL_VECTOR_MATH");
    if (name) {
        int cap = strcmp(name, "baseline") == 0 ? 0 : strcmp(name, "avx2") == 0 ? 1 : 2;
        if (cap < level) level = cap;
    }
    const struct kernels *k = &levels[level];
    SET(exp) SET(tanh) SET(sigmoid) SET(lstm) SET(lstm_backward) SET(binary) SET(backward) SET(backward_product)
    SET(binary_rows) SET(column_sums)
    atomic_store_explicit(&chosen_level, level, memory_order_relaxed);
    return k;
}

static void exp_first(float *o, const float *x, ptrdiff_t n) { choose()->exp(o, x, n); }
static void tanh_first(float *o, const float *x, ptrdiff_t n) { choose()->tanh(o, x, n); }
static void sigmoid_first(float *o, const float *x, ptrdiff_t n) { choose()->sigmoid(o, x, n); }
static void lstm_first(float *z, const float *c_prev, float *c_new, float *tc, float *h_new, ptrdiff_t hidden) {
    choose()->lstm(z, c_prev, c_new, tc, h_new, hidden);
}
static void lstm_backward_first(float *gh, const float *gadd, const float *gc, const float *c_prev,
                                const float *gates, const float *tc, float *dz, float *dc_prev, ptrdiff_t hidden) {
    choose()->lstm_backward(gh, gadd, gc, c_prev, gates, tc, dz, dc_prev, hidden);
}
static void binary_first(int op, float *o, const float *a, ptrdiff_t sa, const float *b, ptrdiff_t sb, ptrdiff_t n) {
    choose()->binary(op, o, a, sa, b, sb, n);
}
static void backward_first(int op, float *o, const float *y, const float *g, ptrdiff_t n) {
    choose()->backward(op, o, y, g, n);
}
static void backward_product_first(int op, float *o, const float *y, const float *g, const float *m, ptrdiff_t n) {
    choose()->backward_product(op, o, y, g, m, n);
}
static void binary_rows_first(int op, float *o, ptrdiff_t ldo, const float *a, ptrdiff_t lda, ptrdiff_t sa,
                              const float *b, ptrdiff_t ldb, ptrdiff_t sb, ptrdiff_t n, ptrdiff_t rows) {
    choose()->binary_rows(op, o, ldo, a, lda, sa, b, ldb, sb, n, rows);
}
static void column_sums_first(float *o, const float *x, ptrdiff_t outer, ptrdiff_t inner, double scale) {
    choose()->column_sums(o, x, outer, inner, scale);
}
static _Atomic(row_fn) exp_ptr = exp_first;
static _Atomic(row_fn) tanh_ptr = tanh_first;
static _Atomic(row_fn) sigmoid_ptr = sigmoid_first;
static _Atomic(lstm_fn) lstm_ptr = lstm_first;
static _Atomic(lstm_back_fn) lstm_backward_ptr = lstm_backward_first;
static _Atomic(binary_fn) binary_ptr = binary_first;
static _Atomic(backward_fn) backward_ptr = backward_first;
static _Atomic(backward_product_fn) backward_product_ptr = backward_product_first;
static _Atomic(binary_rows_fn) binary_rows_ptr = binary_rows_first;
static _Atomic(column_sums_fn) column_sums_ptr = column_sums_first;

void cajal_exp_row(float *o, const float *x, ptrdiff_t n) { CALL(exp)(o, x, n); }
void cajal_tanh_row(float *o, const float *x, ptrdiff_t n) { CALL(tanh)(o, x, n); }
void cajal_sigmoid_row(float *o, const float *x, ptrdiff_t n) { CALL(sigmoid)(o, x, n); }
void cajal_lstm_row_forward(float *z, const float *c_prev, float *c_new, float *tc, float *h_new, ptrdiff_t hidden) {
    CALL(lstm)(z, c_prev, c_new, tc, h_new, hidden);
}
void cajal_lstm_row_backward(float *gh, const float *gadd, const float *gc, const float *c_prev, const float *gates,
                             const float *tc, float *dz, float *dc_prev, ptrdiff_t hidden) {
    CALL(lstm_backward)(gh, gadd, gc, c_prev, gates, tc, dz, dc_prev, hidden);
}
void cajal_binary_row(int op, float *o, const float *a, ptrdiff_t sa, const float *b, ptrdiff_t sb, ptrdiff_t n) {
    CALL(binary)(op, o, a, sa, b, sb, n);
}
void cajal_backward_row(int op, float *o, const float *y, const float *g, ptrdiff_t n) {
    CALL(backward)(op, o, y, g, n);
}
void cajal_backward_product_row(int op, float *o, const float *y, const float *g, const float *m, ptrdiff_t n) {
    CALL(backward_product)(op, o, y, g, m, n);
}
void cajal_column_sums(float *o, const float *x, ptrdiff_t outer, ptrdiff_t inner, double scale) {
    CALL(column_sums)(o, x, outer, inner, scale);
}
void cajal_binary_rows(int op, float *o, ptrdiff_t ldo, const float *a, ptrdiff_t lda, ptrdiff_t sa, const float *b,
                       ptrdiff_t ldb, ptrdiff_t sb, ptrdiff_t n, ptrdiff_t rows) {
    CALL(binary_rows)(op, o, ldo, a, lda, sa, b, ldb, sb, n, rows);
}

int cajal_vector_math_level(void) {
    int level = atomic_load_explicit(&chosen_level, memory_order_relaxed);
    if (level < 0) {
        choose();
        level = atomic_load_explicit(&chosen_level, memory_order_relaxed);
    }
    return level;
}
int cajal_vector_math_cpu_level(void) { return cpu_level(); }
int cajal_vector_math_uses_avx2(void) { return cajal_vector_math_level() >= 1; }
int cajal_vector_math_uses_avx512(void) { return cajal_vector_math_level() == 2; }

/* A test's level: 0, 1 or 2 (below 0 is 0, above 2 is 2). */
static const struct kernels *at(int level) { return &levels[level <= 0 ? 0 : level >= 2 ? 2 : 1]; }

void cajal_vector_math_row(int level, int op, float *o, const float *x, ptrdiff_t n) {
    const struct kernels *k = at(level);
    (op == 0 ? k->exp : op == 1 ? k->tanh : k->sigmoid)(o, x, n);
}

void cajal_vector_math_lstm_row_forward(int level, float *z, const float *c_prev, float *c_new, float *tc,
                                        float *h_new, ptrdiff_t hidden) {
    at(level)->lstm(z, c_prev, c_new, tc, h_new, hidden);
}

void cajal_vector_math_lstm_row_backward(int level, float *gh, const float *gadd, const float *gc,
                                         const float *c_prev, const float *gates, const float *tc, float *dz,
                                         float *dc_prev, ptrdiff_t hidden) {
    at(level)->lstm_backward(gh, gadd, gc, c_prev, gates, tc, dz, dc_prev, hidden);
}

void cajal_vector_math_binary_row(int level, int op, float *o, const float *a, ptrdiff_t sa, const float *b,
                                  ptrdiff_t sb, ptrdiff_t n) {
    at(level)->binary(op, o, a, sa, b, sb, n);
}

void cajal_vector_math_binary_rows(int level, int op, float *o, ptrdiff_t ldo, const float *a, ptrdiff_t lda,
                                   ptrdiff_t sa, const float *b, ptrdiff_t ldb, ptrdiff_t sb, ptrdiff_t n,
                                   ptrdiff_t rows) {
    at(level)->binary_rows(op, o, ldo, a, lda, sa, b, ldb, sb, n, rows);
}

void cajal_vector_math_backward_row(int level, int op, float *o, const float *y, const float *g, ptrdiff_t n) {
    at(level)->backward(op, o, y, g, n);
}

void cajal_vector_math_backward_product_row(int level, int op, float *o, const float *y, const float *g,
                                            const float *m, ptrdiff_t n) {
    at(level)->backward_product(op, o, y, g, m, n);
}

void cajal_vector_math_column_sums(int level, float *o, const float *x, ptrdiff_t outer, ptrdiff_t inner,
                                   double scale) {
    at(level)->column_sums(o, x, outer, inner, scale);
}

void cajal_vector_math_max_pool_2x2(int level, float *values, float *indices, const float *x, ptrdiff_t planes,
                                    ptrdiff_t h, ptrdiff_t w, ptrdiff_t oh, ptrdiff_t ow) {
    (level != 0 ? max_pool_2x2_avx2 : max_pool_2x2_baseline)(values, indices, x, planes, h, w, oh, ow);
}

ptrdiff_t cajal_vector_math_max_unpool_2x2(int level, float *dx, const float *g, const float *ix, ptrdiff_t planes,
                                           ptrdiff_t oh, ptrdiff_t ow, ptrdiff_t w) {
    return (level != 0 ? max_unpool_2x2_avx2 : max_unpool_2x2_baseline)(dx, g, ix, planes, oh, ow, w);
}

void cajal_vector_math_rows(int level, int add, float *dst, ptrdiff_t ldd, const float *src, ptrdiff_t lds,
                            ptrdiff_t rows, ptrdiff_t n) {
    if (add) (level != 0 ? add_rows_avx2 : add_rows_baseline)(dst, ldd, src, lds, rows, n);
    else (level != 0 ? copy_rows_avx2 : copy_rows_baseline)(dst, ldd, src, lds, rows, n);
}

int cajal_vector_math_fma_chains_level(void) { return fma_chains_best(); }

void cajal_vector_math_fma_chains(int level, float *c, ptrdiff_t ldc, const float *a, ptrdiff_t lda, int transA,
                                  const float *b, ptrdiff_t ldb, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k) {
    fma_chains_at(level)(c, ldc, a, lda, transA, b, ldb, m, n, k);
}
