#ifndef IONSCAPE_CMETIS_SHIM_H
#define IONSCAPE_CMETIS_SHIM_H
// METIS 5 from Debian's libmetis-dev (the library CHOLMOD already links): METIS_NodeND, called
// directly so that its options can be set (CHOLMOD's wrapper uses the defaults).
#include <metis.h>

// Enum constants and the index width, as plain values for Swift.
static inline int ionscape_metis_idx_width(void) { return IDXTYPEWIDTH; }
static inline int ionscape_metis_ok(void) { return METIS_OK; }
#endif
