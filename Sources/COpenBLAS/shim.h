/* <multiarch>/cblas.h is an alternatives symlink on Debian; pkg-config adds the flavour dir. */
#include <cblas.h>
