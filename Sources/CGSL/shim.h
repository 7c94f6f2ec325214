#ifndef CNSIM_CGSL_SHIM_H
#define CNSIM_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_psi.h>
#include <gsl/gsl_statistics_double.h>

/* Swift 6 refuses to import mutable C globals such as `gsl_rng_taus2`; read them here. */
static inline const gsl_rng_type *cnsim_rng_taus2(void) { return gsl_rng_taus2; }

/* Asks for the cache line at `address` ahead of its use (a hint: never faults). */
static inline void cnsim_prefetch(const void *address) { __builtin_prefetch(address, 1, 3); }

#ifdef __GLIBC__
#include <malloc.h>
/* Hands freed heap back to the system, so that the resident size measures memory in use. */
static inline void cnsim_malloc_trim(void) { malloc_trim(0); }
#else
static inline void cnsim_malloc_trim(void) {}
#endif

#endif
