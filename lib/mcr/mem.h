/*
 * libmcr memory accounting.
 *
 * Every allocation in libmcr goes through these wrappers with a memory type,
 * so that `show mcr memory` (and the YANG state) can report live objects and
 * bytes per type, and tests can assert that withdrawing everything returns
 * to zero.  Out of memory aborts (see error.h).
 *
 * Modules register their types by adding an entry to enum mcr_mtype (one
 * line each, keep the list sorted by module) and its name in mem.c.
 *
 * Counters are process-global and not thread-safe: libmcr runs on the
 * daemon's main thread only.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_MEM_H
#define MCR_MEM_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

enum mcr_mtype {
	MCR_MT_MISC = 0,
	MCR_MT_TRIE_NODE,
	MCR_MT_TRIE,
	MCR_MT_ATTACH,
	MCR_MT_RTABLE,
	MCR_MT_ROUTE,
	MCR_MT_PATH,
	MCR_MT_CONFLICT,
	MCR_MT_HISTORY,
	MCR_MT_PIPELINE,
	MCR_MT_SUMMARY,
	MCR_MT_EXPORT,
	MCR_MT_TUNNEL,
	MCR_MT_VICI,
	MCR_MT_NETLINK,
	MCR_MT_SECRET,
	MCR_MT_FRAME,
	MCR_MT_MAX,
};

struct mcr_mem_stat {
	const char *name;
	uint64_t objects; /* live allocations */
	uint64_t bytes;	  /* live bytes requested */
};

/* Allocate @size bytes (zeroed for calloc).  Never returns NULL. O(1). */
void *mcr_malloc(enum mcr_mtype mt, size_t size);
void *mcr_calloc(enum mcr_mtype mt, size_t nmemb, size_t size);
/* Resize; @old_size must be what was requested for @ptr. */
void *mcr_realloc(enum mcr_mtype mt, void *ptr, size_t old_size,
		  size_t new_size);
char *mcr_strdup(enum mcr_mtype mt, const char *s);
/* Free @ptr of @size bytes (the size requested); NULL is a no-op. */
void mcr_free(enum mcr_mtype mt, void *ptr, size_t size);
void mcr_strfree(enum mcr_mtype mt, char *s);

/*
 * Small objects allocated and freed once per route (RIB-in entries,
 * table nodes, trie value vectors, histories): the same accounting, but
 * served from per-size free lists carved out of larger blocks, which are
 * kept for reuse rather than returned (no allocator call, no per-object
 * header).  @size must be the same at free as at allocation and at most
 * MCR_OBJ_MAX; mcr_obj_zalloc zeroes.  Built with AddressSanitizer these
 * are plain malloc and free, so that use-after-free is still caught.
 */
#define MCR_OBJ_MAX 256
void *mcr_obj_alloc(enum mcr_mtype mt, size_t size);
/* (inline: a constant @size makes the memset a few stores) */
static inline void *mcr_obj_zalloc(enum mcr_mtype mt, size_t size)
{
	void *p = mcr_obj_alloc(mt, size);

	memset(p, 0, size);
	return p;
}
void mcr_obj_free(enum mcr_mtype mt, void *ptr, size_t size);
/* Bytes held in the free lists (not counted as live by any type). */
uint64_t mcr_obj_cached_bytes(void);

/* Snapshot of one type's counters. */
struct mcr_mem_stat mcr_mem_stat(enum mcr_mtype mt);
/* Sum of live bytes over all types. */
uint64_t mcr_mem_total_bytes(void);
uint64_t mcr_mem_total_objects(void);

#endif /* MCR_MEM_H */
