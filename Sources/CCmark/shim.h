#include <cmark-gfm.h>                  /* the CommonMark parser and its node tree */
#include <cmark-gfm-core-extensions.h>  /* GFM's tables, strikethrough and autolinks */
