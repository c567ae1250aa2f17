#ifndef IONSCAPE_CMUMPS_SHIM_H
#define IONSCAPE_CMUMPS_SHIM_H
// MUMPS 5.5 (double precision, MPI build) from Debian's libmumps-dev: the C interface dmumps_c.
// Debian builds it without METIS and SCOTCH (its own orderings are AMD, AMF, QAMD and PORD), so
// Ionscape passes its own METIS ordering (ICNTL(7) = 1).
#include <string.h>
#include <dmumps_c.h>

// The control and information arrays are fixed-size C arrays, which Swift imports as tuples;
// these accessors index them with MUMPS's own 1-based numbering (ICNTL(7) is icntl(7)).
static inline void ionscape_mumps_set_icntl(DMUMPS_STRUC_C *id, int i, int value) { id->icntl[i - 1] = value; }
static inline int ionscape_mumps_icntl(const DMUMPS_STRUC_C *id, int i) { return id->icntl[i - 1]; }
static inline int ionscape_mumps_info(const DMUMPS_STRUC_C *id, int i) { return id->info[i - 1]; }
static inline int ionscape_mumps_infog(const DMUMPS_STRUC_C *id, int i) { return id->infog[i - 1]; }
static inline double ionscape_mumps_rinfog(const DMUMPS_STRUC_C *id, int i) { return id->rinfog[i - 1]; }
static inline long long ionscape_mumps_keep8(const DMUMPS_STRUC_C *id, int i) { return id->keep8[i - 1]; }

// Out-of-core directory (ooc_tmpdir, 255 characters and a terminating NUL). Returns 0 when
// `path` does not fit.
static inline int ionscape_mumps_set_ooc_directory(DMUMPS_STRUC_C *id, const char *path) {
    if (strlen(path) >= sizeof(id->ooc_tmpdir)) return 0;
    strcpy(id->ooc_tmpdir, path);
    return 1;
}
static inline int ionscape_mumps_ooc_directory_capacity(void) { return (int)sizeof(((DMUMPS_STRUC_C *)0)->ooc_tmpdir) - 1; }

// MUMPS's version string (set by JOB = -1).
static inline const char *ionscape_mumps_version(const DMUMPS_STRUC_C *id) { return id->version_number; }
#endif
