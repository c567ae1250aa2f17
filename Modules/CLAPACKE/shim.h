#ifndef IONSCAPE_CLAPACKE_SHIM_H
#define IONSCAPE_CLAPACKE_SHIM_H
#include <lapacke.h>
#endif
