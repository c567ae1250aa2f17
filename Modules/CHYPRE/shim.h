#ifndef IONSCAPE_CHYPRE_SHIM_H
#define IONSCAPE_CHYPRE_SHIM_H
// hypre 2.26 (Debian 12 libhypre-dev: Open MPI build, 32-bit HYPRE_Int and HYPRE_BigInt, no
// OpenMP). Include paths from pkg-config: Modules/CHYPRE/pkgconfig/hypre.pc.
#include <mpi.h>
#include <HYPRE.h>
#include <HYPRE_IJ_mv.h>
#include <HYPRE_parcsr_mv.h>
#include <HYPRE_parcsr_ls.h>

// Exported by libHYPRE 2.26 but declared only in its internal _hypre_parcsr_mv.h (public in
// later releases).
HYPRE_Int HYPRE_ParVectorAxpy(HYPRE_Complex alpha, HYPRE_ParVector x, HYPRE_ParVector y);

// HYPRE_PARCSR is a macro.
static inline HYPRE_Int ionscape_hypre_parcsr(void) { return HYPRE_PARCSR; }
#endif
