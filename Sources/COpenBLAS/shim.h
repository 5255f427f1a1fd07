/* <multiarch>/cblas.h is an alternatives symlink on Debian; pkg-config adds the flavour dir. */
#include <cblas.h>

/* LAPACK, shipped inside OpenBLAS. Debian's cblas.h does not declare it and lapack.h is in
 * another package, so the one routine Cajal uses is declared here (Fortran calling
 * convention: every argument by pointer, column-major matrices, 32-bit integers).
 * dsyevd: eigenvalues (ascending) and eigenvectors of a real symmetric matrix,
 * divide and conquer. jobz 'V' = vectors too; uplo 'U'/'L' = which triangle is read. */
void dsyevd_(const char *jobz, const char *uplo, const int *n, double *a, const int *lda,
             double *w, double *work, const int *lwork, int *iwork, const int *liwork, int *info);
