/* The shim's own memory for its bookkeeping (file nodes, tmpfs data): malloc on the host tests,
 * the shim's allocator over frames of its PD on the target. */
#ifndef SHIM_HEAP_H
#define SHIM_HEAP_H

#include <stddef.h>

void *shim_alloc(size_t n);               /* zeroed; NULL when out of memory */
void *shim_realloc(void *p, size_t old, size_t n);
void shim_free(void *p, size_t n);

#endif
