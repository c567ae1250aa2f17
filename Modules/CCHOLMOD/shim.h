#ifndef IONSCAPE_CCHOLMOD_SHIM_H
#define IONSCAPE_CCHOLMOD_SHIM_H
// Debian 12 ships SuiteSparse 5.12 without a pkg-config file for CHOLMOD,
// so the headers are included by path. Only the cholmod_l_* (SuiteSparse_long) API is used.
#include <suitesparse/cholmod.h>
#include <suitesparse/amd.h>

// SuiteSparse_long is a macro and does not import into Swift; these accessors
// give Swift the values it needs without touching C globals directly.
static inline int ionscape_cholmod_is_long_api(void) { return sizeof(SuiteSparse_long) == sizeof(long); }
static inline int ionscape_cholmod_ok(void) { return CHOLMOD_OK; }
static inline int ionscape_cholmod_not_posdef(void) { return CHOLMOD_NOT_POSDEF; }
static inline int ionscape_cholmod_version_main(void) { return CHOLMOD_MAIN_VERSION; }
static inline int ionscape_cholmod_version_sub(void) { return CHOLMOD_SUB_VERSION; }
static inline int ionscape_cholmod_version_subsub(void) { return CHOLMOD_SUBSUB_VERSION; }
#endif
