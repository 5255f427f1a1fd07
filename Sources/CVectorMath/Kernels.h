/* Kernels.h: the kernels of CVectorMath, written once on vectors of LANES floats; included by
 * Baseline.c and AVX2.c with eight lanes (the default), which compile them for baseline x86-64
 * and for AVX2, and by AVX512.c with sixteen. VERSION(name) names the row functions of the
 * including file. include/CVectorMath.h describes the method and why every compilation gives
 * the same bits: each lane does the same IEEE operations whatever LANES is, and a row's tail
 * (n not a multiple of LANES) goes through a zero-padded copy of LANES lanes, so every element
 * meets the same instructions as in the loop. */
#include <stddef.h>
#include <string.h>

#include "CVectorMath.h"   /* the op codes; AVX2.c includes it first, outside its target pragma */

#pragma clang fp contract(off)

#ifndef LANES
#define LANES 8
#endif

typedef float vfloat __attribute__((vector_size(4 * LANES)));
typedef int vint __attribute__((vector_size(4 * LANES)));
typedef unsigned vuint __attribute__((vector_size(4 * LANES)));
#if LANES == 8
/* The eight-lane names, for kernels that are eight lanes by construction (their shuffles name
 * eight lanes): those go at the end, inside #if LANES == 8, and keep their AVX2 version on an
 * AVX-512 CPU (Dispatch.c). */
typedef vfloat v8f;
typedef vint v8i;
typedef vuint v8u;
#endif

/* The vector helpers below are always inlined, so no 256- or 512-bit vector crosses a call in
 * a version compiled for narrower registers; clang's warning about that ABI does not apply. */
#pragma clang diagnostic ignored "-Wpsabi"

#define KERNEL static inline __attribute__((always_inline))

/* splat by an integer add to every lane of zero (exact, unlike 0.0f + x, which turns −0 into +0). */
KERNEL vint splati(int x) { return (vint){0} + x; }
KERNEL vfloat splat(float x) { int b; memcpy(&b, &x, sizeof b); return (vfloat)splati(b); }
KERNEL vfloat load(const float *p) { vfloat v; memcpy(&v, p, sizeof v); return v; }
KERNEL void store(float *p, vfloat v) { memcpy(p, &v, sizeof v); }
KERNEL vint bits(vfloat v) { return (vint)v; }
KERNEL vfloat floats(vint v) { return (vfloat)v; }
/* mask ? a : b per lane; mask lanes are all ones or all zeros. */
KERNEL vfloat select(vint mask, vfloat a, vfloat b) { return floats((mask & bits(a)) | (~mask & bits(b))); }
KERNEL vfloat magnitude(vfloat v) { return floats(bits(v) & splati(0x7FFFFFFF)); }

KERNEL vfloat vexp(vfloat v) {
    vfloat x = select(v > splat(0x1.64p+6f), splat(0x1.64p+6f), v);    /* 89 */
    x = select(x < splat(-0x1.ap+6f), splat(-0x1.ap+6f), x);           /* −104 */
    const vfloat magic = splat(0x1.8p+23f);                            /* 1.5 · 2²³ */
    vfloat z = x * splat(0x1.715476p+0f) + magic;                      /* log2 e */
    vfloat k = z - magic;
    vfloat r = x - k * splat(0x1.63p-1f);                              /* ln2_hi = 0.693359375 */
    r = r - k * splat(-0x1.bd0106p-13f);                               /* ln2_lo */
    vfloat p = r * splat(0x1.a0d2cep-13f) + splat(0x1.6e879cp-10f);
    p = p * r + splat(0x1.11121p-7f);
    p = p * r + splat(0x1.555382p-5f);
    p = p * r + splat(0x1.555554p-3f);
    p = p * r + splat(0x1p-1f);
    vfloat er = p * (r * r) + r + splat(1);
    /* k as an integer, split in two halves; unsigned arithmetic for the wrapping add and shift. */
    vint n = (vint)((vuint)bits(z) - 0x4B400000u);
    vint n1 = n >> 1;                                                  /* arithmetic shift */
    vint n2 = (vint)((vuint)n - (vuint)n1);
    vfloat s1 = floats((vint)(((vuint)n1 + 127u) << 23));
    vfloat s2 = floats((vint)(((vuint)n2 + 127u) << 23));
    return er * s1 * s2;
}

KERNEL vfloat vtanh(vfloat v) {
    vfloat z = v * v;
    vfloat q = z * splat(-0x1.75e1d4p-8f) + splat(0x1.52269cp-6f);
    q = q * z - splat(0x1.b83c5ap-5f);
    q = q * z + splat(0x1.110726p-3f);
    q = q * z - splat(0x1.555532p-2f);
    vfloat small = q * z * v + v;
    vfloat ax = magnitude(v);
    vfloat big = splat(1) - splat(2) / (vexp(ax + ax) + splat(1));
    vint sign = bits(v) & splati((int)0x80000000u);
    vfloat signedBig = floats(bits(big) | sign);
    vfloat poly = select(ax < splat(0x1p-12f), v, small);
    return select(~(ax < splat(0x1.4p-1f)), signedBig, poly);        /* 0.625 */
}

KERNEL vfloat vsigmoid(vfloat v) {
    /* 0 − |x|, not −|x|: the Swift kernels this replaced negated that way (Swift's SIMD
     * prefix minus is 0 − x), which keeps a NaN's sign bit clear, so σ(NaN) is +NaN. */
    vfloat e = vexp(splat(0) - magnitude(v));
    vfloat numerator = select(v < splat(0), e, splat(1));
    return numerator / (splat(1) + e);
}

#define MAP_ROW(f)                                                                  \
    ptrdiff_t i = 0;                                                                \
    for (; i + LANES <= n; i += LANES) store(o + i, f(load(x + i)));                \
    if (i < n) {                                                                    \
        float tail[LANES] = {0};                                                    \
        memcpy(tail, x + i, (size_t)(n - i) * sizeof(float));                       \
        store(tail, f(load(tail)));                                                 \
        memcpy(o + i, tail, (size_t)(n - i) * sizeof(float));                       \
    }

/* LANES lanes of the LSTM row at offset j: the four gates in place, then c', tanh c', h'. */
KERNEL void lstm_lanes(float *zi, float *zf, float *zg, float *zo, const float *cp, float *cn, float *tc,
                       float *hn) {
    vfloat i = vsigmoid(load(zi)), f = vsigmoid(load(zf)), g = vtanh(load(zg)), o = vsigmoid(load(zo));
    store(zi, i); store(zf, f); store(zg, g); store(zo, o);
    vfloat c = f * load(cp) + i * g;
    vfloat t = vtanh(c);
    store(cn, c); store(tc, t); store(hn, o * t);
}

#define LSTM_ROW                                                                                        \
    float *zi = z, *zf = z + hidden, *zg = z + 2 * hidden, *zo = z + 3 * hidden;                        \
    ptrdiff_t j = 0;                                                                                    \
    for (; j + LANES <= hidden; j += LANES)                                                             \
        lstm_lanes(zi + j, zf + j, zg + j, zo + j, c_prev + j, c_new + j, tc + j, h_new + j);           \
    if (j < hidden) {                                                                                   \
        size_t m = (size_t)(hidden - j) * sizeof(float);                                                \
        float b[8][LANES] = {{0}};                                                                      \
        memcpy(b[0], zi + j, m); memcpy(b[1], zf + j, m); memcpy(b[2], zg + j, m);                      \
        memcpy(b[3], zo + j, m); memcpy(b[4], c_prev + j, m);                                           \
        lstm_lanes(b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]);                                     \
        memcpy(zi + j, b[0], m); memcpy(zf + j, b[1], m); memcpy(zg + j, b[2], m);                      \
        memcpy(zo + j, b[3], m); memcpy(c_new + j, b[5], m); memcpy(tc + j, b[6], m);                   \
        memcpy(h_new + j, b[7], m);                                                                     \
    }

/* LANES lanes of the LSTM row backward at one offset (Tensor+LSTMCell's formulas, each
 * product in the order written there): with dh = ∂h' (plus `gadd`, stored back into `gh`, if
 * given) and dc = ∂c' + dh ⊙ o ⊙ (1 − t²), dz = [dc·g·i·(1−i), dc·c·f·(1−f), dc·i·(1−g²),
 * dh·t·o·(1−o)] and ∂c = dc ⊙ f. Everything is loaded before anything is stored, so `dcp`
 * may be `gc`. */
KERNEL void lstm_back_lanes(float *gh, const float *gadd, const float *gc, const float *cp, const float *ig,
                            const float *fg, const float *gg, const float *og, const float *tcp, float *di,
                            float *df, float *dg, float *dO, float *dcp) {
    vfloat dh = load(gh);
    if (gadd) {
        dh = dh + load(gadd);
        store(gh, dh);
    }
    vfloat t = load(tcp), o = load(og), i = load(ig), f = load(fg), g = load(gg), c = load(cp);
    vfloat one = splat(1);
    vfloat dc = load(gc) + dh * o * (one - t * t);
    store(di, dc * g * i * (one - i));
    store(df, dc * c * f * (one - f));
    store(dg, dc * i * (one - g * g));
    store(dO, dh * t * o * (one - o));
    store(dcp, dc * f);
}

#define LSTM_BACK_ROW                                                                                   \
    const float *ig = gates, *fg = gates + hidden, *gg = gates + 2 * hidden, *og = gates + 3 * hidden;  \
    float *di = dz, *df = dz + hidden, *dg = dz + 2 * hidden, *dO = dz + 3 * hidden;                    \
    ptrdiff_t j = 0;                                                                                    \
    for (; j + LANES <= hidden; j += LANES)                                                             \
        lstm_back_lanes(gh + j, gadd ? gadd + j : 0, gc + j, c_prev + j, ig + j, fg + j, gg + j, og + j, \
                        tc + j, di + j, df + j, dg + j, dO + j, dc_prev + j);                           \
    if (j < hidden) {                                                                                   \
        size_t m = (size_t)(hidden - j) * sizeof(float);                                                \
        float b[15][LANES] = {{0}};                                                                     \
        memcpy(b[0], gh + j, m); if (gadd) memcpy(b[1], gadd + j, m); memcpy(b[2], gc + j, m);          \
        memcpy(b[3], c_prev + j, m); memcpy(b[4], ig + j, m); memcpy(b[5], fg + j, m);                  \
        memcpy(b[6], gg + j, m); memcpy(b[7], og + j, m); memcpy(b[8], tc + j, m);                      \
        lstm_back_lanes(b[0], gadd ? b[1] : 0, b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10],    \
                        b[11], b[12], b[13]);                                                           \
        if (gadd) memcpy(gh + j, b[0], m);                                                              \
        memcpy(di + j, b[9], m); memcpy(df + j, b[10], m); memcpy(dg + j, b[11], m);                    \
        memcpy(dO + j, b[12], m); memcpy(dc_prev + j, b[13], m);                                        \
    }

/* The binary operations, one IEEE operation (or comparison and choice) per lane, as the
 * Swift closures of Tensor+Binary.swift's binaryKernel: the same operation on the same
 * operands in the same order, so the same bits. max/min: a > b ? a : (a is NaN ? a : b). A
 * comparison gives 1 for true, +0 for false. */
KERNEL vfloat vadd(vfloat a, vfloat b) { return a + b; }
KERNEL vfloat vsub(vfloat a, vfloat b) { return a - b; }
KERNEL vfloat vmul(vfloat a, vfloat b) { return a * b; }
KERNEL vfloat vdiv(vfloat a, vfloat b) { return a / b; }
KERNEL vfloat vmaximum(vfloat a, vfloat b) { return select(a > b, a, select(a != a, a, b)); }
KERNEL vfloat vminimum(vfloat a, vfloat b) { return select(a < b, a, select(a != a, a, b)); }
KERNEL vfloat truth(vint mask) { return select(mask, splat(1), splat(0)); }
KERNEL vfloat veq(vfloat a, vfloat b) { return truth(a == b); }
KERNEL vfloat vne(vfloat a, vfloat b) { return truth(a != b); }
KERNEL vfloat vlt(vfloat a, vfloat b) { return truth(a < b); }
KERNEL vfloat vle(vfloat a, vfloat b) { return truth(a <= b); }
KERNEL vfloat vgt(vfloat a, vfloat b) { return truth(a > b); }
KERNEL vfloat vge(vfloat a, vfloat b) { return truth(a >= b); }

/* o[i] = f(a[i·sa], b[i·sb]) with (sa, sb) one of (1, 1), (1, 0), (0, 1): two rows, or a row
 * and a scalar on either side. The tail goes through a padded copy, so every element meets
 * the same vector instruction. Each lane is loaded before it is stored: o may be a or b. */
#define BINARY_ROW(f)                                                                               \
    do {                                                                                            \
        ptrdiff_t i = 0;                                                                            \
        if (sa == 1 && sb == 1) {                                                                   \
            for (; i + LANES <= n; i += LANES) store(o + i, f(load(a + i), load(b + i)));           \
        } else if (sa == 1) {                                                                       \
            vfloat y = splat(b[0]);                                                                 \
            for (; i + LANES <= n; i += LANES) store(o + i, f(load(a + i), y));                     \
        } else {                                                                                    \
            vfloat x = splat(a[0]);                                                                 \
            for (; i + LANES <= n; i += LANES) store(o + i, f(x, load(b + i)));                     \
        }                                                                                           \
        if (i < n) {                                                                                \
            size_t m = (size_t)(n - i) * sizeof(float);                                             \
            float ta[LANES] = {0}, tb[LANES] = {0};                                                 \
            if (sa == 1) memcpy(ta, a + i, m); else for (int k = 0; k < LANES; k++) ta[k] = a[0];   \
            if (sb == 1) memcpy(tb, b + i, m); else for (int k = 0; k < LANES; k++) tb[k] = b[0];   \
            store(ta, f(load(ta), load(tb)));                                                       \
            memcpy(o + i, ta, m);                                                                   \
        }                                                                                           \
    } while (0)

/* The fused derivatives of Tensor+Unary.swift, each product in the order written there:
 * σ: g·y·(1 − y) from the output y; tanh: g·(1 − y²) from the output y; relu: g where x > 0,
 * else +0 (a NaN x gives +0). */
KERNEL vfloat vsigmoid_backward(vfloat y, vfloat g) { return g * y * (splat(1) - y); }
KERNEL vfloat vtanh_backward(vfloat y, vfloat g) { return g * (splat(1) - y * y); }
KERNEL vfloat vrelu_backward(vfloat x, vfloat g) { return select(x > splat(0), g, splat(0)); }

#define BACKWARD_ROW(f)                                                                             \
    do {                                                                                            \
        ptrdiff_t i = 0;                                                                            \
        for (; i + LANES <= n; i += LANES) store(o + i, f(load(y + i), load(g + i)));               \
        if (i < n) {                                                                                \
            size_t m = (size_t)(n - i) * sizeof(float);                                             \
            float ty[LANES] = {0}, tg[LANES] = {0};                                                 \
            memcpy(ty, y + i, m); memcpy(tg, g + i, m);                                             \
            store(ty, f(load(ty), load(tg)));                                                       \
            memcpy(o + i, ty, m);                                                                   \
        }                                                                                           \
    } while (0)

/* A product's derivative row and then f: g·m is rounded to float (contraction is off) before
 * f reads it, as when the product is its own pass. */
#define BACKWARD_PRODUCT_ROW(f)                                                                     \
    do {                                                                                            \
        ptrdiff_t i = 0;                                                                            \
        for (; i + LANES <= n; i += LANES) store(o + i, f(load(y + i), load(g + i) * load(m + i))); \
        if (i < n) {                                                                                \
            size_t k = (size_t)(n - i) * sizeof(float);                                             \
            float ty[LANES] = {0}, tg[LANES] = {0}, tm[LANES] = {0};                                \
            memcpy(ty, y + i, k); memcpy(tg, g + i, k); memcpy(tm, m + i, k);                       \
            store(ty, f(load(ty), load(tg) * load(tm)));                                            \
            memcpy(o + i, ty, k);                                                                   \
        }                                                                                           \
    } while (0)

/* Column sums of a contiguous [outer, inner] block, as Tensor+Reduce's sumLeading did them in
 * Swift: every column its own double accumulator, starting at +0 and adding its rows in order
 * r = 0, 1, … (each float widened exactly), then multiplied by `scale` and rounded to float
 * once. A lane does what one column alone does, so the block a column falls in (32, 4 or one
 * at a time) does not change its bits; only the instructions per element do. */
typedef float v4f __attribute__((vector_size(16)));
typedef double v4d __attribute__((vector_size(32)));
KERNEL v4d widen(const float *p) { v4f v; memcpy(&v, p, sizeof v); return __builtin_convertvector(v, v4d); }
KERNEL void store_narrowed(float *p, v4d v) { v4f f = __builtin_convertvector(v, v4f); memcpy(p, &f, sizeof f); }

#define COLUMN_SUMS                                                                                  \
    ptrdiff_t j = 0;                                                                                 \
    for (; j + 32 <= inner; j += 32) {                                                               \
        v4d a[8] = {{0}};                                                                            \
        const float *p = x + j;                                                                      \
        for (ptrdiff_t r = 0; r < outer; r++, p += inner)                                            \
            for (int k = 0; k < 8; k++) a[k] += widen(p + 4 * k);                                    \
        for (int k = 0; k < 8; k++) store_narrowed(o + j + 4 * k, a[k] * scale);                     \
    }                                                                                                \
    for (; j + 4 <= inner; j += 4) {                                                                 \
        v4d a = {0};                                                                                 \
        const float *p = x + j;                                                                      \
        for (ptrdiff_t r = 0; r < outer; r++, p += inner) a += widen(p);                             \
        store_narrowed(o + j, a * scale);                                                            \
    }                                                                                                \
    for (; j < inner; j++) {                                                                         \
        double a = 0;                                                                                \
        const float *p = x + j;                                                                      \
        for (ptrdiff_t r = 0; r < outer; r++, p += inner) a += (double)*p;                           \
        o[j] = (float)(a * scale);                                                                   \
    }

void VERSION(exp_row)(float *o, const float *x, ptrdiff_t n) { MAP_ROW(vexp) }
void VERSION(tanh_row)(float *o, const float *x, ptrdiff_t n) { MAP_ROW(vtanh) }
void VERSION(sigmoid_row)(float *o, const float *x, ptrdiff_t n) { MAP_ROW(vsigmoid) }
void VERSION(lstm_row)(float *z, const float *c_prev, float *c_new, float *tc, float *h_new, ptrdiff_t hidden) {
    LSTM_ROW
}
void VERSION(lstm_row_backward)(float *gh, const float *gadd, const float *gc, const float *c_prev,
                                const float *gates, const float *tc, float *dz, float *dc_prev, ptrdiff_t hidden) {
    LSTM_BACK_ROW
}
void VERSION(binary_row)(int op, float *o, const float *a, ptrdiff_t sa, const float *b, ptrdiff_t sb, ptrdiff_t n) {
    switch (op) {
    case CAJAL_BINARY_ADD: BINARY_ROW(vadd); break;
    case CAJAL_BINARY_SUB: BINARY_ROW(vsub); break;
    case CAJAL_BINARY_MUL: BINARY_ROW(vmul); break;
    case CAJAL_BINARY_DIV: BINARY_ROW(vdiv); break;
    case CAJAL_BINARY_MAXIMUM: BINARY_ROW(vmaximum); break;
    case CAJAL_BINARY_MINIMUM: BINARY_ROW(vminimum); break;
    case CAJAL_BINARY_EQ: BINARY_ROW(veq); break;
    case CAJAL_BINARY_NE: BINARY_ROW(vne); break;
    case CAJAL_BINARY_LT: BINARY_ROW(vlt); break;
    case CAJAL_BINARY_LE: BINARY_ROW(vle); break;
    case CAJAL_BINARY_GT: BINARY_ROW(vgt); break;
    case CAJAL_BINARY_GE: BINARY_ROW(vge); break;
    default: break;
    }
}
void VERSION(binary_rows)(int op, float *o, ptrdiff_t ldo, const float *a, ptrdiff_t lda, ptrdiff_t sa, const float *b,
                          ptrdiff_t ldb, ptrdiff_t sb, ptrdiff_t n, ptrdiff_t rows) {
    for (ptrdiff_t r = 0; r < rows; r++) VERSION(binary_row)(op, o + r * ldo, a + r * lda, sa, b + r * ldb, sb, n);
}
void VERSION(backward_row)(int op, float *o, const float *y, const float *g, ptrdiff_t n) {
    switch (op) {
    case CAJAL_BACKWARD_SIGMOID: BACKWARD_ROW(vsigmoid_backward); break;
    case CAJAL_BACKWARD_TANH: BACKWARD_ROW(vtanh_backward); break;
    case CAJAL_BACKWARD_RELU: BACKWARD_ROW(vrelu_backward); break;
    default: break;
    }
}
void VERSION(backward_product_row)(int op, float *o, const float *y, const float *g, const float *m, ptrdiff_t n) {
    switch (op) {
    case CAJAL_BACKWARD_SIGMOID: BACKWARD_PRODUCT_ROW(vsigmoid_backward); break;
    case CAJAL_BACKWARD_TANH: BACKWARD_PRODUCT_ROW(vtanh_backward); break;
    case CAJAL_BACKWARD_RELU: BACKWARD_PRODUCT_ROW(vrelu_backward); break;
    default: break;
    }
}
#if LANES == 8
/* Eight lanes only: the AVX-512 level keeps the AVX2 version (Dispatch.c). Blocks of 64
 * columns in eight 8-double accumulators were slower on this project's shapes (a [32, 256]
 * bias gradient, hot in cache: 0.074 against 0.065 ns per element). */
void VERSION(column_sums)(float *o, const float *x, ptrdiff_t outer, ptrdiff_t inner, double scale) { COLUMN_SUMS }

/* Max pooling over 2×2 windows moved by 2, no padding (Tensor+Pool.swift's maxPool2x2): the
 * planes x[p] (h × w) → values and indices (oh × ow each), p in 0..<planes. The four
 * candidates of a window in row-major order; a later one wins only if strictly larger, or if
 * it is the first NaN (v ≠ v while the best so far is not). The index is the float
 * (at + 2j) + (float)(2·oy·w + 2·ox₀), ox₀ the first output of j's group of eight, in that
 * order (the Swift loop's): every term is an integer, exact below 2²⁴. Eight outputs at a
 * time, the even and odd columns of the window's two rows as four vectors; then four (LeNet's
 * second pooling has rows of 4, its first 8 + 4), the last < 4 of a row one at a time. */
KERNEL void max_step(v8f *best, v8f *at, v8f v, float offset) {
    v8i better = (v > *best) | ((v != v) & (*best == *best));
    *best = select(better, v, *best);
    *at = select(better, splat(offset), *at);
}
typedef int v4i __attribute__((vector_size(16)));
KERNEL v4f splat4(float x) { return (v4f){x, x, x, x}; }
KERNEL v4f load4(const float *p) { v4f v; memcpy(&v, p, sizeof v); return v; }
KERNEL void store4(float *p, v4f v) { memcpy(p, &v, sizeof v); }
KERNEL v4f select4(v4i mask, v4f a, v4f b) { return (v4f)((mask & (v4i)a) | (~mask & (v4i)b)); }
KERNEL void max_step4(v4f *best, v4f *at, v4f v, float offset) {
    v4i better = (v > *best) | ((v != v) & (*best == *best));
    *best = select4(better, v, *best);
    *at = select4(better, splat4(offset), *at);
}
KERNEL void max_step1(float *best, float *at, float v, float offset) {
    int better = (v > *best) | ((v != v) & (*best == *best));
    *best = better ? v : *best;
    *at = better ? offset : *at;
}

#define MAX_POOL_2X2                                                                                 \
    const v8f lanes = {0, 2, 4, 6, 8, 10, 12, 14};                                                   \
    const v4f lanes4 = {0, 2, 4, 6};                                                                 \
    const float one = 1, below = (float)w, belowNext = (float)(w + 1);                               \
    for (ptrdiff_t p = 0; p < planes; p++) {                                                         \
        const float *plane = x + p * h * w;                                                          \
        for (ptrdiff_t oy = 0; oy < oh; oy++) {                                                      \
            const float *top = plane + 2 * oy * w, *bottom = top + w;                                \
            ptrdiff_t ox = 0;                                                                        \
            for (; ox + 8 <= ow; ox += 8) {                                                          \
                v8f t0 = load(top + 2 * ox), t1 = load(top + 2 * ox + 8);                            \
                v8f b0 = load(bottom + 2 * ox), b1 = load(bottom + 2 * ox + 8);                      \
                v8f best = __builtin_shufflevector(t0, t1, 0, 2, 4, 6, 8, 10, 12, 14);               \
                v8f at = splat(0);                                                                   \
                max_step(&best, &at, __builtin_shufflevector(t0, t1, 1, 3, 5, 7, 9, 11, 13, 15), one); \
                max_step(&best, &at, __builtin_shufflevector(b0, b1, 0, 2, 4, 6, 8, 10, 12, 14), below); \
                max_step(&best, &at, __builtin_shufflevector(b0, b1, 1, 3, 5, 7, 9, 11, 13, 15), belowNext); \
                store(values, best);                                                                 \
                store(indices, at + lanes + splat((float)(2 * oy * w + 2 * ox)));                    \
                values += 8; indices += 8;                                                           \
            }                                                                                        \
            for (; ox + 4 <= ow; ox += 4) {                                                          \
                v4f t0 = load4(top + 2 * ox), t1 = load4(top + 2 * ox + 4);                          \
                v4f b0 = load4(bottom + 2 * ox), b1 = load4(bottom + 2 * ox + 4);                    \
                v4f best = __builtin_shufflevector(t0, t1, 0, 2, 4, 6);                              \
                v4f at = splat4(0);                                                                  \
                max_step4(&best, &at, __builtin_shufflevector(t0, t1, 1, 3, 5, 7), one);             \
                max_step4(&best, &at, __builtin_shufflevector(b0, b1, 0, 2, 4, 6), below);           \
                max_step4(&best, &at, __builtin_shufflevector(b0, b1, 1, 3, 5, 7), belowNext);       \
                v4f lane = splat4((float)(2 * (ox % 8))) + lanes4;                                   \
                store4(values, best);                                                                \
                store4(indices, at + lane + splat4((float)(2 * oy * w + 2 * (ox - ox % 8))));        \
                values += 4; indices += 4;                                                           \
            }                                                                                        \
            for (; ox < ow; ox++) {                                                                  \
                float best = top[2 * ox], at = 0;                                                    \
                max_step1(&best, &at, top[2 * ox + 1], one);                                         \
                max_step1(&best, &at, bottom[2 * ox], below);                                        \
                max_step1(&best, &at, bottom[2 * ox + 1], belowNext);                                \
                *values++ = best;                                                                    \
                *indices++ = at + (float)(2 * (ox % 8)) + (float)(2 * oy * w + 2 * (ox - ox % 8));   \
            }                                                                                        \
        }                                                                                            \
    }

/* Its backward when the windows tile the planes (h = 2·oh, w = 2·ow, h·w ≤ 2²⁴): dx[p] gets,
 * in each window, 0 + g at the position the output's index names and +0 at the other three
 * (what a fill with +0 and one addition give: −0 becomes +0, a NaN stays). Returns the
 * number of planes done; it stops at the first plane with an index that is not one of its
 * own window's four positions (that plane partly written), for the caller to redo in general. */
#define MAX_UNPOOL_2X2                                                                               \
    const v8f lanes = {0, 2, 4, 6, 8, 10, 12, 14};                                                   \
    const v4f lanes4 = {0, 2, 4, 6};                                                                 \
    const float fw = (float)w;                                                                       \
    for (ptrdiff_t p = 0; p < planes; p++) {                                                         \
        float *plane = dx + p * 4 * oh * ow;                                                         \
        for (ptrdiff_t oy = 0; oy < oh; oy++) {                                                      \
            float *top = plane + 2 * oy * w, *bottom = top + w;                                      \
            ptrdiff_t ox = 0;                                                                        \
            for (; ox + 8 <= ow; ox += 8) {                                                          \
                v8f i = load(ix), p0 = lanes + splat((float)(2 * oy * w + 2 * ox));                  \
                v8i e0 = i == p0, e1 = i == p0 + splat(1), e2 = i == p0 + splat(fw);                 \
                v8i e3 = i == p0 + splat(fw + 1);                                                    \
                v8i any = e0 | e1 | e2 | e3;                                                         \
                if (!(any[0] & any[1] & any[2] & any[3] & any[4] & any[5] & any[6] & any[7])) return p; \
                v8f v = splat(0) + load(g), z = splat(0);                                            \
                v8f r0 = select(e0, v, z), r1 = select(e1, v, z), r2 = select(e2, v, z), r3 = select(e3, v, z); \
                store(top + 2 * ox, __builtin_shufflevector(r0, r1, 0, 8, 1, 9, 2, 10, 3, 11));       \
                store(top + 2 * ox + 8, __builtin_shufflevector(r0, r1, 4, 12, 5, 13, 6, 14, 7, 15)); \
                store(bottom + 2 * ox, __builtin_shufflevector(r2, r3, 0, 8, 1, 9, 2, 10, 3, 11));    \
                store(bottom + 2 * ox + 8, __builtin_shufflevector(r2, r3, 4, 12, 5, 13, 6, 14, 7, 15)); \
                ix += 8; g += 8;                                                                     \
            }                                                                                        \
            for (; ox + 4 <= ow; ox += 4) {                                                          \
                v4f i = load4(ix), p0 = lanes4 + splat4((float)(2 * oy * w + 2 * ox));               \
                v4i e0 = i == p0, e1 = i == p0 + splat4(1), e2 = i == p0 + splat4(fw);               \
                v4i e3 = i == p0 + splat4(fw + 1);                                                   \
                v4i any = e0 | e1 | e2 | e3;                                                         \
                if (!(any[0] & any[1] & any[2] & any[3])) return p;                                  \
                v4f v = splat4(0) + load4(g), z = splat4(0);                                         \
                v4f r0 = select4(e0, v, z), r1 = select4(e1, v, z);                                  \
                v4f r2 = select4(e2, v, z), r3 = select4(e3, v, z);                                  \
                store4(top + 2 * ox, __builtin_shufflevector(r0, r1, 0, 4, 1, 5));                   \
                store4(top + 2 * ox + 4, __builtin_shufflevector(r0, r1, 2, 6, 3, 7));               \
                store4(bottom + 2 * ox, __builtin_shufflevector(r2, r3, 0, 4, 1, 5));                \
                store4(bottom + 2 * ox + 4, __builtin_shufflevector(r2, r3, 2, 6, 3, 7));            \
                ix += 4; g += 4;                                                                     \
            }                                                                                        \
            for (; ox < ow; ox++) {                                                                  \
                float i = *ix++, p0 = (float)(2 * oy * w + 2 * ox), v = 0.0f + *g++;                 \
                int e0 = i == p0, e1 = i == p0 + 1, e2 = i == p0 + fw, e3 = i == p0 + fw + 1;        \
                if (!(e0 | e1 | e2 | e3)) return p;                                                  \
                top[2 * ox] = e0 ? v : 0;                                                            \
                top[2 * ox + 1] = e1 ? v : 0;                                                        \
                bottom[2 * ox] = e2 ? v : 0;                                                         \
                bottom[2 * ox + 1] = e3 ? v : 0;                                                     \
            }                                                                                        \
        }                                                                                            \
    }                                                                                                \
    return planes;

void VERSION(max_pool_2x2)(float *values, float *indices, const float *x, ptrdiff_t planes, ptrdiff_t h,
                           ptrdiff_t w, ptrdiff_t oh, ptrdiff_t ow) {
    MAX_POOL_2X2
}
ptrdiff_t VERSION(max_unpool_2x2)(float *dx, const float *g, const float *ix, ptrdiff_t planes, ptrdiff_t oh,
                                  ptrdiff_t ow, ptrdiff_t w) {
    MAX_UNPOOL_2X2
}

/* Rows of a 2-D block: dst row r (dst + r·ldd) = src row r (src + r·lds), n floats each, for
 * r in 0..<rows (im2col's straight copies: one output plane of an image, row by row). */
#define COPY_ROWS                                                                                    \
    for (ptrdiff_t r = 0; r < rows; r++, dst += ldd, src += lds) {                                   \
        ptrdiff_t k = 0;                                                                             \
        for (; k + 8 <= n; k += 8) store(dst + k, load(src + k));                                    \
        for (; k + 4 <= n; k += 4) store4(dst + k, load4(src + k));                                  \
        for (; k < n; k++) dst[k] = src[k];                                                          \
    }

/* dst row r += src row r, each element one addition dst + src (col2im's folds, whose order
 * over the rows the caller keeps). */
#define ADD_ROWS                                                                                     \
    for (ptrdiff_t r = 0; r < rows; r++, dst += ldd, src += lds) {                                   \
        ptrdiff_t k = 0;                                                                             \
        for (; k + 8 <= n; k += 8) store(dst + k, load(dst + k) + load(src + k));                    \
        for (; k + 4 <= n; k += 4) store4(dst + k, load4(dst + k) + load4(src + k));                 \
        for (; k < n; k++) dst[k] = dst[k] + src[k];                                                 \
    }

void VERSION(copy_rows)(float *dst, ptrdiff_t ldd, const float *src, ptrdiff_t lds, ptrdiff_t rows, ptrdiff_t n) {
    COPY_ROWS
}
void VERSION(add_rows)(float *dst, ptrdiff_t ldd, const float *src, ptrdiff_t lds, ptrdiff_t rows, ptrdiff_t n) {
    ADD_ROWS
}

/* Products by chains of fused multiply-adds: C (m × n, row stride ldc) = op(A) · B with B
 * k × n (row stride ldb) and op(A) = A stored m × k (lda) or, with transA, Aᵀ of an A stored
 * k × m (lda), element by element as OpenBLAS 0.3.21's SkylakeX level-3 driver computes a
 * product with alpha 1, beta 0 and k ≤ GEMM_Q (448, one block of k) on one thread: the beta
 * pass sets C to +0, the micro-kernel sets each element's own accumulator to +0, adds
 * a · b for kk = 0, 1, …, k − 1 in one fused multiply-add each (vfmadd231), and stores
 * alpha · acc + C in one more: acc + 0 (a −0 becomes +0). Tensor+Conv.swift's blocked
 * convolutions use it where the pool splits GEMMs (OpenBLAS's SkylakeX kernel); `cajal
 * __check-gemm-split` compares it with OpenBLAS bit for bit.
 *
 * Rows of C in groups of G (8, 4, 2, 1) by columns in groups of eight: per kk one load of B's
 * eight columns and G broadcasts of A. Needs FMA for speed (FMA_TARGET, AVX2.c); the baseline
 * version calls fmaf, the same bits. */
#ifndef FMA_TARGET
#define FMA_TARGET
#endif
KERNEL v8f fma8(v8f a, v8f b, v8f c) { return __builtin_elementwise_fma(a, b, c); }

KERNEL void fma_chain_rows(int G, float *c, ptrdiff_t ldc, const float *a, ptrdiff_t lda, int transA,
                           const float *b, ptrdiff_t ldb, ptrdiff_t n, ptrdiff_t k) {
    /* A's element (t, kk) of this group of rows: a[t·rs + kk·ks]. */
    const ptrdiff_t rs = transA ? 1 : lda, ks = transA ? lda : 1;
    ptrdiff_t j = 0;
    for (; j + 8 <= n; j += 8) {
        v8f acc[8];
        for (int t = 0; t < G; t++) acc[t] = splat(0);
        for (ptrdiff_t kk = 0; kk < k; kk++) {
            v8f bv = load(b + kk * ldb + j);
            for (int t = 0; t < G; t++) acc[t] = fma8(splat(a[t * rs + kk * ks]), bv, acc[t]);
        }
        for (int t = 0; t < G; t++) store(c + t * ldc + j, acc[t] + splat(0));
    }
    for (; j < n; j++) {
        for (int t = 0; t < G; t++) {
            float acc = 0;
            for (ptrdiff_t kk = 0; kk < k; kk++) acc = __builtin_fmaf(a[t * rs + kk * ks], b[kk * ldb + j], acc);
            c[t * ldc + j] = acc + 0.0f;
        }
    }
}

#define FMA_CHAINS                                                                                   \
    ptrdiff_t i = 0;                                                                                 \
    const ptrdiff_t rs = transA ? 1 : lda;                                                           \
    for (; i + 8 <= m; i += 8) fma_chain_rows(8, c + i * ldc, ldc, a + i * rs, lda, transA, b, ldb, n, k); \
    for (; i + 4 <= m; i += 4) fma_chain_rows(4, c + i * ldc, ldc, a + i * rs, lda, transA, b, ldb, n, k); \
    for (; i + 2 <= m; i += 2) fma_chain_rows(2, c + i * ldc, ldc, a + i * rs, lda, transA, b, ldb, n, k); \
    for (; i < m; i++) fma_chain_rows(1, c + i * ldc, ldc, a + i * rs, lda, transA, b, ldb, n, k);

FMA_TARGET void VERSION(fma_chains)(float *c, ptrdiff_t ldc, const float *a, ptrdiff_t lda, int transA,
                                    const float *b, ptrdiff_t ldb, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k) {
    FMA_CHAINS
}
#endif
