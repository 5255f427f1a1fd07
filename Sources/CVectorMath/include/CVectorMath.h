/* CVectorMath: eˣ, tanh and σ over float32 rows, the LSTM row forward and backward that use
 * them, the elementwise binary operations and the fused derivatives of σ, tanh and relu,
 * eight or sixteen lanes at a time.
 *
 * Every kernel is written once, on vectors of LANES lanes (GCC/Clang vector extensions), in
 * Kernels.h, and compiled three times: by AVX512.c with sixteen lanes for AVX-512 F/DQ/BW/VL
 * (one 512-bit instruction per vector operation), by AVX2.c with eight for AVX2 (one 256-bit
 * instruction) and by Baseline.c with eight for baseline x86-64 (SSE2: two 128-bit
 * instructions). Dispatch.c picks the best level the CPU runs at the first call (or a lower
 * one named by CAJAL_VECTOR_MATH=baseline|avx2|avx512, for measuring).
 *
 * Same bits in all three: floating-point contraction is off (no FMA may fuse a multiply and
 * an add, though the AVX-512 target has FMA), nothing is fast-math (no approximate
 * reciprocal), and each lane does the same IEEE operations in the same order whatever the
 * vector width; a row's tail goes through a zero-padded copy of one vector, so its elements
 * meet the same operations as the loop's; the constants are hexadecimal floats, so no decimal
 * rounding can differ between compilers. Tests/TensorCoreTests/VectorMathTests.swift checks
 * every version bit for bit against a Swift transcription over every exponent, and
 * `cajal __check-vector-math` compares the versions on all 2³² inputs of eˣ, tanh and σ.
 *
 * The method (Cephes-style range reduction, as SLEEF and PyTorch's vectorised kernels do):
 *   eˣ: x clamped to [−104, 89] (NaN passes), k = round(x / ln 2) by the 1.5·2²³ trick,
 *       r = x − k·ln2_hi − k·ln2_lo (Cody–Waite), e^r = 1 + r + r²·P(r) with the degree-5 P
 *       of Cephes expf, and 2^k applied as two factors 2^(k/2) so that subnormal results are
 *       rounded once.
 *   tanh x: |x| < 2⁻¹²: x (keeps −0); |x| < 0.625: x + x³·Q(x²) (Cephes tanhf); else
 *       1 − 2 / (e^{2|x|} + 1) with x's sign (±inf → ±1, NaN → NaN).
 *   σ(x): e = e^{−|x|}; (x < 0 ? e : 1) / (1 + e): one division, tiny results keep their
 *       precision. */
#ifndef CAJAL_VECTOR_MATH_H
#define CAJAL_VECTOR_MATH_H

#include <stddef.h>

/* o[i] = f(x[i]) for i in 0..<n; o may equal x. The best version for this CPU. */
void cajal_exp_row(float *o, const float *x, ptrdiff_t n);
void cajal_tanh_row(float *o, const float *x, ptrdiff_t n);
void cajal_sigmoid_row(float *o, const float *x, ptrdiff_t n);

/* One LSTM row forward: z (4H, gates i, f, g, o) is activated in place; then
 * c' = f ⊙ c + i ⊙ g, tc = tanh(c'), h' = o ⊙ tc (H each). One pass, a vector at a time. */
void cajal_lstm_row_forward(float *z, const float *c_prev, float *c_new, float *tc, float *h_new,
                            ptrdiff_t hidden);

/* One LSTM row backward (Tensor+LSTMCell's formulas): from ∂h' (`gh`, plus `gadd` if not
 * NULL, the sum then stored back into `gh`) and ∂c' (`gc`), the gates (4H) and tanh c' (`tc`),
 * writes the pre-activation gradient `dz` (4H) and ∂c (`dc_prev`, which may be `gc`). */
void cajal_lstm_row_backward(float *gh, const float *gadd, const float *gc, const float *c_prev, const float *gates,
                             const float *tc, float *dz, float *dc_prev, ptrdiff_t hidden);

/* The binary operations of cajal_binary_row; comparisons give 1 for true and +0 for false. */
enum {
    CAJAL_BINARY_ADD, CAJAL_BINARY_SUB, CAJAL_BINARY_MUL, CAJAL_BINARY_DIV,
    CAJAL_BINARY_MAXIMUM,   /* a > b ? a : (a is NaN ? a : b) */
    CAJAL_BINARY_MINIMUM,   /* a < b ? a : (a is NaN ? a : b) */
    CAJAL_BINARY_EQ, CAJAL_BINARY_NE, CAJAL_BINARY_LT, CAJAL_BINARY_LE, CAJAL_BINARY_GT, CAJAL_BINARY_GE
};

/* o[i] = a[i·sa] op b[i·sb] for i in 0..<n, with (sa, sb) one of (1, 1), (1, 0), (0, 1): two
 * rows, or a row and a scalar on either side. Exact IEEE operations, so the same bits as one
 * element at a time; o may equal a or b. */
void cajal_binary_row(int op, float *o, const float *a, ptrdiff_t sa, const float *b, ptrdiff_t sb, ptrdiff_t n);

/* cajal_binary_row over `rows` rows: row r reads a + r·lda and b + r·ldb (with the steps sa, sb
 * within the row, as above) and writes o + r·ldo. The same call per row, so the same bits; one
 * call from Swift instead of one per row (a gate's rows, a bias added to every row). */
void cajal_binary_rows(int op, float *o, ptrdiff_t ldo, const float *a, ptrdiff_t lda, ptrdiff_t sa, const float *b,
                       ptrdiff_t ldb, ptrdiff_t sb, ptrdiff_t n, ptrdiff_t rows);

/* The fused derivatives of cajal_backward_row, from the forward's output y (σ, tanh) or input
 * x (relu), and the gradient g. */
enum {
    CAJAL_BACKWARD_SIGMOID,   /* g·y·(1 − y), multiplied in that order */
    CAJAL_BACKWARD_TANH,      /* g·(1 − y·y) */
    CAJAL_BACKWARD_RELU       /* x > 0 ? g : +0 (y is x here) */
};

/* o[i] = op(y[i], g[i]) for i in 0..<n; o may equal y or g. */
void cajal_backward_row(int op, float *o, const float *y, const float *g, ptrdiff_t n);

/* o[i] = op(y[i], g[i]·m[i]) for i in 0..<n: a product's derivative row (g·m, rounded to
 * float) and then op's, in one pass, with the bits of cajal_binary_row's multiply followed by
 * cajal_backward_row; o may equal y, g or m. */
void cajal_backward_product_row(int op, float *o, const float *y, const float *g, const float *m, ptrdiff_t n);

/* Column sums of the contiguous [outer, inner] block x: o[j] = (float)(scale · Σ_r x[r·inner + j]),
 * each column summed in double from +0, rows in order r = 0, 1, … (the bits of one column
 * alone, whatever block of lanes it falls in). */
void cajal_column_sums(float *o, const float *x, ptrdiff_t outer, ptrdiff_t inner, double scale);

/* Max pooling over 2×2 windows moved by 2, no padding, of `planes` contiguous h × w planes
 * into values and indices (oh × ow per plane, oh ≤ h/2, ow ≤ w/2): each window's first
 * largest value in row-major order (a later candidate wins only if strictly larger, or if it
 * is the first NaN) and its position iy·w + ix in the plane as a float (h·w ≤ 2²⁴). */
void cajal_max_pool_2x2(float *values, float *indices, const float *x, ptrdiff_t planes, ptrdiff_t h, ptrdiff_t w,
                        ptrdiff_t oh, ptrdiff_t ow);

/* Its backward where the windows tile the planes (h = 2·oh, w = 2·ow, h·w ≤ 2²⁴): each window
 * of dx (planes × h × w) gets 0 + g at the position ix names and +0 at the other three.
 * Returns the planes done: fewer than `planes` when that plane's index of some output is not
 * one of its own window's four positions (that plane is then partly written). */
ptrdiff_t cajal_max_unpool_2x2(float *dx, const float *g, const float *ix, ptrdiff_t planes, ptrdiff_t oh, ptrdiff_t ow,
                               ptrdiff_t w);

/* A block of `rows` rows of n floats: dst + r·ldd gets src + r·lds (copy), or adds it, each
 * element one addition dst + src (add). im2col's copies and col2im's folds. */
void cajal_copy_rows(float *dst, ptrdiff_t ldd, const float *src, ptrdiff_t lds, ptrdiff_t rows, ptrdiff_t n);
void cajal_add_rows(float *dst, ptrdiff_t ldd, const float *src, ptrdiff_t lds, ptrdiff_t rows, ptrdiff_t n);

/* C (m × n, row stride ldc) = op(A) · B, B k × n (ldb), op(A) = A stored m × k (lda) or, with
 * transA, the transpose of an A stored k × m (lda): every element acc = +0, then
 * acc = a·b + acc in one fused multiply-add per kk in order, then C = acc + 0 — what
 * OpenBLAS 0.3.21's SkylakeX level-3 driver gives for alpha 1, beta 0, k ≤ 448. */
void cajal_fma_chains(float *c, ptrdiff_t ldc, const float *a, ptrdiff_t lda, int transA, const float *b, ptrdiff_t ldb,
                      ptrdiff_t m, ptrdiff_t n, ptrdiff_t k);


/* The level in use: 0 baseline x86-64, 1 AVX2, 2 AVX-512; and the best level this CPU runs
 * (the level in use unless CAJAL_VECTOR_MATH names a lower one). */
int cajal_vector_math_level(void);
int cajal_vector_math_cpu_level(void);
/* 1 when the AVX2 versions, or the AVX-512 ones, are in use (level ≥ 1). */
int cajal_vector_math_uses_avx2(void);
/* 1 when the AVX-512 versions are in use (level 2). */
int cajal_vector_math_uses_avx512(void);

/* The versions by level, for the tests that compare them. `level` 0 is baseline x86-64, 1 is
 * AVX2, 2 is AVX-512 (each only on a CPU that has it: cajal_vector_math_cpu_level() ≥ level);
 * `op` 0 is exp, 1 tanh, 2 sigmoid. */
void cajal_vector_math_row(int level, int op, float *o, const float *x, ptrdiff_t n);
void cajal_vector_math_lstm_row_forward(int level, float *z, const float *c_prev, float *c_new, float *tc,
                                        float *h_new, ptrdiff_t hidden);
void cajal_vector_math_binary_row(int level, int op, float *o, const float *a, ptrdiff_t sa, const float *b,
                                  ptrdiff_t sb, ptrdiff_t n);
void cajal_vector_math_backward_row(int level, int op, float *o, const float *y, const float *g, ptrdiff_t n);
void cajal_vector_math_backward_product_row(int level, int op, float *o, const float *y, const float *g,
                                            const float *m, ptrdiff_t n);
void cajal_vector_math_column_sums(int level, float *o, const float *x, ptrdiff_t outer, ptrdiff_t inner,
                                   double scale);
void cajal_vector_math_max_pool_2x2(int level, float *values, float *indices, const float *x, ptrdiff_t planes,
                                    ptrdiff_t h, ptrdiff_t w, ptrdiff_t oh, ptrdiff_t ow);
ptrdiff_t cajal_vector_math_max_unpool_2x2(int level, float *dx, const float *g, const float *ix, ptrdiff_t planes,
                                           ptrdiff_t oh, ptrdiff_t ow, ptrdiff_t w);
void cajal_vector_math_rows(int level, int add, float *dst, ptrdiff_t ldd, const float *src, ptrdiff_t lds,
                            ptrdiff_t rows, ptrdiff_t n);
/* The version cajal_fma_chains runs: 2 AVX-512, 1 AVX2 + FMA, 0 baseline; any level up to it
 * can be asked for by name. */
int cajal_vector_math_fma_chains_level(void);
void cajal_vector_math_fma_chains(int level, float *c, ptrdiff_t ldc, const float *a, ptrdiff_t lda, int transA,
                                  const float *b, ptrdiff_t ldb, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k);
void cajal_vector_math_lstm_row_backward(int level, float *gh, const float *gadd, const float *gc,
                                         const float *c_prev, const float *gates, const float *tc, float *dz,
                                         float *dc_prev, ptrdiff_t hidden);
void cajal_vector_math_binary_rows(int level, int op, float *o, ptrdiff_t ldo, const float *a, ptrdiff_t lda,
                                   ptrdiff_t sa, const float *b, ptrdiff_t ldb, ptrdiff_t sb, ptrdiff_t n,
                                   ptrdiff_t rows);

#endif
