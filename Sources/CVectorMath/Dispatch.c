/* Dispatch: on x86-64 (ELF) each public kernel is an ifunc whose resolver picks the AVX2 or
 * the baseline version once, when the program is loaded; elsewhere the baseline is called. */
#include "CVectorMath.h"

typedef void (*row_fn)(float *, const float *, ptrdiff_t);
typedef void (*lstm_fn)(float *, const float *, float *, float *, float *, ptrdiff_t);
typedef void (*lstm_back_fn)(float *, const float *, const float *, const float *, const float *, const float *,
                             float *, float *, ptrdiff_t);
typedef void (*binary_fn)(int, float *, const float *, ptrdiff_t, const float *, ptrdiff_t, ptrdiff_t);
typedef void (*backward_fn)(int, float *, const float *, const float *, ptrdiff_t);
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
DECLARE(baseline)

#if defined(__x86_64__) && defined(__ELF__)
DECLARE(avx2)

static int has_avx2(void) {
    __builtin_cpu_init();   /* resolvers run before constructors, so before libgcc's own init */
    return __builtin_cpu_supports("avx2");
}

static row_fn resolve_exp(void) { return has_avx2() ? exp_row_avx2 : exp_row_baseline; }
static row_fn resolve_tanh(void) { return has_avx2() ? tanh_row_avx2 : tanh_row_baseline; }
static row_fn resolve_sigmoid(void) { return has_avx2() ? sigmoid_row_avx2 : sigmoid_row_baseline; }
static lstm_fn resolve_lstm(void) { return has_avx2() ? lstm_row_avx2 : lstm_row_baseline; }
static lstm_back_fn resolve_lstm_backward(void) {
    return has_avx2() ? lstm_row_backward_avx2 : lstm_row_backward_baseline;
}
static binary_fn resolve_binary(void) { return has_avx2() ? binary_row_avx2 : binary_row_baseline; }
static backward_fn resolve_backward(void) { return has_avx2() ? backward_row_avx2 : backward_row_baseline; }
static binary_rows_fn resolve_binary_rows(void) { return has_avx2() ? binary_rows_avx2 : binary_rows_baseline; }
static column_sums_fn resolve_column_sums(void) { return has_avx2() ? column_sums_avx2 : column_sums_baseline; }
static max_pool_fn resolve_max_pool_2x2(void) { return has_avx2() ? max_pool_2x2_avx2 : max_pool_2x2_baseline; }
static max_unpool_fn resolve_max_unpool_2x2(void) { return has_avx2() ? max_unpool_2x2_avx2 : max_unpool_2x2_baseline; }
static rows_fn resolve_copy_rows(void) { return has_avx2() ? copy_rows_avx2 : copy_rows_baseline; }
/* The chains' versions: AVX-512 (AVX512.c), AVX2 with FMA, baseline; the level of the best
 * this CPU runs is 2, 1 or 0. */
void fma_chains_avx512(float *c, ptrdiff_t ldc, const float *a, ptrdiff_t lda, int transA, const float *b,
                       ptrdiff_t ldb, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k);
static int fma_chains_best(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma")) return 2;
    return has_avx2() && __builtin_cpu_supports("fma") ? 1 : 0;
}
static fma_chains_fn fma_chains_at(int level) {
    return level >= 2 ? fma_chains_avx512 : level == 1 ? fma_chains_avx2 : fma_chains_baseline;
}
static fma_chains_fn resolve_fma_chains(void) { return fma_chains_at(fma_chains_best()); }
static rows_fn resolve_add_rows(void) { return has_avx2() ? add_rows_avx2 : add_rows_baseline; }

void cajal_exp_row(float *o, const float *x, ptrdiff_t n) __attribute__((ifunc("resolve_exp")));
void cajal_tanh_row(float *o, const float *x, ptrdiff_t n) __attribute__((ifunc("resolve_tanh")));
void cajal_sigmoid_row(float *o, const float *x, ptrdiff_t n) __attribute__((ifunc("resolve_sigmoid")));
void cajal_lstm_row_forward(float *z, const float *c_prev, float *c_new, float *tc, float *h_new,
                            ptrdiff_t hidden) __attribute__((ifunc("resolve_lstm")));
void cajal_lstm_row_backward(float *gh, const float *gadd, const float *gc, const float *c_prev, const float *gates,
                             const float *tc, float *dz, float *dc_prev, ptrdiff_t hidden)
    __attribute__((ifunc("resolve_lstm_backward")));
void cajal_binary_row(int op, float *o, const float *a, ptrdiff_t sa, const float *b, ptrdiff_t sb, ptrdiff_t n)
    __attribute__((ifunc("resolve_binary")));
void cajal_backward_row(int op, float *o, const float *y, const float *g, ptrdiff_t n)
    __attribute__((ifunc("resolve_backward")));
void cajal_column_sums(float *o, const float *x, ptrdiff_t outer, ptrdiff_t inner, double scale)
    __attribute__((ifunc("resolve_column_sums")));
void cajal_binary_rows(int op, float *o, ptrdiff_t ldo, const float *a, ptrdiff_t lda, ptrdiff_t sa, const float *b,
                       ptrdiff_t ldb, ptrdiff_t sb, ptrdiff_t n, ptrdiff_t rows) __attribute__((ifunc("resolve_binary_rows")));
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
/* No AVX2 to choose (another processor, or no ifunc on this platform): the baseline kernels,
 * which the compiler vectorises for whatever the target has, still without contraction. */
#define exp_row_avx2 exp_row_baseline
#define tanh_row_avx2 tanh_row_baseline
#define sigmoid_row_avx2 sigmoid_row_baseline
#define lstm_row_avx2 lstm_row_baseline
#define lstm_row_backward_avx2 lstm_row_backward_baseline
#define binary_row_avx2 binary_row_baseline
#define backward_row_avx2 backward_row_baseline
#define column_sums_avx2 column_sums_baseline
#define binary_rows_avx2 binary_rows_baseline
#define max_pool_2x2_avx2 max_pool_2x2_baseline
#define max_unpool_2x2_avx2 max_unpool_2x2_baseline
#define copy_rows_avx2 copy_rows_baseline
#define add_rows_avx2 add_rows_baseline
#define fma_chains_avx2 fma_chains_baseline
static int fma_chains_best(void) { return 0; }
static fma_chains_fn fma_chains_at(int level) { (void)level; return fma_chains_baseline; }

static int has_avx2(void) { return 0; }

void cajal_exp_row(float *o, const float *x, ptrdiff_t n) { exp_row_baseline(o, x, n); }
void cajal_tanh_row(float *o, const float *x, ptrdiff_t n) { tanh_row_baseline(o, x, n); }
void cajal_sigmoid_row(float *o, const float *x, ptrdiff_t n) { sigmoid_row_baseline(o, x, n); }
void cajal_lstm_row_forward(float *z, const float *c_prev, float *c_new, float *tc, float *h_new, ptrdiff_t hidden) {
    lstm_row_baseline(z, c_prev, c_new, tc, h_new, hidden);
}
void cajal_lstm_row_backward(float *gh, const float *gadd, const float *gc, const float *c_prev, const float *gates,
                             const float *tc, float *dz, float *dc_prev, ptrdiff_t hidden) {
    lstm_row_backward_baseline(gh, gadd, gc, c_prev, gates, tc, dz, dc_prev, hidden);
}
void cajal_binary_row(int op, float *o, const float *a, ptrdiff_t sa, const float *b, ptrdiff_t sb, ptrdiff_t n) {
    binary_row_baseline(op, o, a, sa, b, sb, n);
}
void cajal_backward_row(int op, float *o, const float *y, const float *g, ptrdiff_t n) {
    backward_row_baseline(op, o, y, g, n);
}
void cajal_column_sums(float *o, const float *x, ptrdiff_t outer, ptrdiff_t inner, double scale) {
    column_sums_baseline(o, x, outer, inner, scale);
}
void cajal_binary_rows(int op, float *o, ptrdiff_t ldo, const float *a, ptrdiff_t lda, ptrdiff_t sa, const float *b,
                       ptrdiff_t ldb, ptrdiff_t sb, ptrdiff_t n, ptrdiff_t rows) {
    binary_rows_baseline(op, o, ldo, a, lda, sa, b, ldb, sb, n, rows);
}
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

int cajal_vector_math_uses_avx2(void) { return has_avx2(); }

void cajal_vector_math_row(int level, int op, float *o, const float *x, ptrdiff_t n) {
    static const row_fn table[2][3] = {
        {exp_row_baseline, tanh_row_baseline, sigmoid_row_baseline},
        {exp_row_avx2, tanh_row_avx2, sigmoid_row_avx2},
    };
    table[level != 0][op](o, x, n);
}

void cajal_vector_math_lstm_row_forward(int level, float *z, const float *c_prev, float *c_new, float *tc,
                                        float *h_new, ptrdiff_t hidden) {
    (level != 0 ? lstm_row_avx2 : lstm_row_baseline)(z, c_prev, c_new, tc, h_new, hidden);
}

void cajal_vector_math_lstm_row_backward(int level, float *gh, const float *gadd, const float *gc,
                                         const float *c_prev, const float *gates, const float *tc, float *dz,
                                         float *dc_prev, ptrdiff_t hidden) {
    (level != 0 ? lstm_row_backward_avx2 : lstm_row_backward_baseline)(gh, gadd, gc, c_prev, gates, tc, dz, dc_prev,
                                                                      hidden);
}

void cajal_vector_math_binary_row(int level, int op, float *o, const float *a, ptrdiff_t sa, const float *b,
                                  ptrdiff_t sb, ptrdiff_t n) {
    (level != 0 ? binary_row_avx2 : binary_row_baseline)(op, o, a, sa, b, sb, n);
}

void cajal_vector_math_backward_row(int level, int op, float *o, const float *y, const float *g, ptrdiff_t n) {
    (level != 0 ? backward_row_avx2 : backward_row_baseline)(op, o, y, g, n);
}

void cajal_vector_math_column_sums(int level, float *o, const float *x, ptrdiff_t outer, ptrdiff_t inner,
                                   double scale) {
    (level != 0 ? column_sums_avx2 : column_sums_baseline)(o, x, outer, inner, scale);
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
