#include <cairo.h>             /* image surfaces, paths, toy text API, PNG writing */
