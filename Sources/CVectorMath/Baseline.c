/* The kernels for baseline x86-64 (SSE2: each eight-lane operation is two 128-bit ones). */
#define VERSION(name) name##_baseline
#include "Kernels.h"
