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

/* Snapshot of one type's counters. */
struct mcr_mem_stat mcr_mem_stat(enum mcr_mtype mt);
/* Sum of live bytes over all types. */
uint64_t mcr_mem_total_bytes(void);
uint64_t mcr_mem_total_objects(void);

#endif /* MCR_MEM_H */
