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
#if LANES == 8
/* Eight lanes only: the AVX-512 level keeps the AVX2 version (Dispatch.c). Blocks of 64
 * columns in eight 8-double accumulators were slower on this project's shapes (a [32, 256]
 * bias gradient, hot in cache: 0.074 against 0.065 ns per element). */
void VERSION(column_sums)(float *o, const float *x, ptrdiff_t outer, ptrdiff_t inner, double scale) { COLUMN_SUMS }
#endif
