#ifndef IONSCAPE_CMPI_SHIM_H
#define IONSCAPE_CMPI_SHIM_H
// Open MPI 4.1 from Debian's libopenmpi-dev; the include path comes from pkg-config (ompi-c).
#include <mpi.h>

// Open MPI's predefined handles are macros that take the address of a library global
// (e.g. MPI_COMM_WORLD is ((MPI_Comm)&ompi_mpi_comm_world)); Swift cannot import them, so these
// accessors return them as values.
static inline MPI_Comm ionscape_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Comm ionscape_mpi_comm_self(void) { return MPI_COMM_SELF; }
static inline MPI_Comm ionscape_mpi_comm_null(void) { return MPI_COMM_NULL; }

static inline MPI_Datatype ionscape_mpi_byte(void) { return MPI_BYTE; }
static inline MPI_Datatype ionscape_mpi_char(void) { return MPI_CHAR; }
static inline MPI_Datatype ionscape_mpi_int(void) { return MPI_INT; }
static inline MPI_Datatype ionscape_mpi_int32(void) { return MPI_INT32_T; }
static inline MPI_Datatype ionscape_mpi_int64(void) { return MPI_INT64_T; }
static inline MPI_Datatype ionscape_mpi_uint64(void) { return MPI_UINT64_T; }
static inline MPI_Datatype ionscape_mpi_double(void) { return MPI_DOUBLE; }

static inline MPI_Op ionscape_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op ionscape_mpi_max(void) { return MPI_MAX; }
static inline MPI_Op ionscape_mpi_min(void) { return MPI_MIN; }

static inline void *ionscape_mpi_in_place(void) { return MPI_IN_PLACE; }

static inline MPI_Info ionscape_mpi_info_null(void) { return MPI_INFO_NULL; }
static inline MPI_Errhandler ionscape_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline MPI_Request ionscape_mpi_request_null(void) { return MPI_REQUEST_NULL; }
static inline MPI_Status *ionscape_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }

// Integer constants that are macros of casts or enums in some MPI versions.
static inline int ionscape_mpi_success(void) { return MPI_SUCCESS; }
static inline int ionscape_mpi_any_source(void) { return MPI_ANY_SOURCE; }
static inline int ionscape_mpi_any_tag(void) { return MPI_ANY_TAG; }
static inline int ionscape_mpi_thread_single(void) { return MPI_THREAD_SINGLE; }
static inline int ionscape_mpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
static inline int ionscape_mpi_thread_serialized(void) { return MPI_THREAD_SERIALIZED; }
static inline int ionscape_mpi_thread_multiple(void) { return MPI_THREAD_MULTIPLE; }
static inline int ionscape_mpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }
static inline int ionscape_mpi_max_library_version_string(void) { return MPI_MAX_LIBRARY_VERSION_STRING; }
static inline int ionscape_mpi_version(void) { return MPI_VERSION; }
static inline int ionscape_mpi_subversion(void) { return MPI_SUBVERSION; }
#endif
