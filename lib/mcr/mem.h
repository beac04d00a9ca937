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
 * served from 64 KiB blocks of one size each (no allocator call, no
 * per-object header), lowest free address first, so that objects freed
 * in bulk are reused close together.  Blocks are kept for reuse until
 * mcr_obj_trim().  @size must be the same at free as at allocation and
 * at most MCR_OBJ_MAX (a free that does not match an allocation aborts);
 * mcr_obj_zalloc zeroes.  Built with AddressSanitizer these are plain
 * malloc and free, so that use-after-free is still caught.
 */
#define MCR_OBJ_MAX 256
#define MCR_OBJ_ALIGN 8
#define MCR_OBJ_CLASSES (MCR_OBJ_MAX / MCR_OBJ_ALIGN)
#define MCR_OBJ_BLOCK 65536u

/*
 * The blocks, for the inline fast path below (mem.c owns them).  A block
 * is MCR_OBJ_BLOCK bytes at an MCR_OBJ_BLOCK-aligned address (an
 * object's block is its address rounded down), slots of one class after
 * this header.  Invariant: bit i of map is set iff slot i is free; nfree
 * counts those bits; map words below hint are zero; index is the block's
 * position in its class's blk[].
 */
struct mcr_obj_block {
	uint32_t magic;
	uint32_t cls;
	uint32_t index;
	uint32_t nslots, nfree;
	uint32_t hint;
	uint32_t base; /* offset of slot 0 from the block's start */
	uint64_t map[];
};

/* Invariant: blk[0..n) in address order; no block before blk[first] has
 * a free slot; cur is NULL or blk[first]. */
struct mcr_obj_class {
	struct mcr_obj_block *cur;
	struct mcr_obj_block **blk;
	uint32_t n, cap;
	uint32_t first;
};
extern struct mcr_obj_class mcr_objs[MCR_OBJ_CLASSES];
extern uint64_t mcr_obj_cached;
extern struct mcr_mem_stat mcr_mem_stats[MCR_MT_MAX];

/* The size class of @size, MCR_OBJ_CLASSES if none (the slow path then
 * aborts), and a class's slot size. */
static inline unsigned mcr_obj_class(size_t size)
{
	return size && size <= MCR_OBJ_MAX
		       ? (unsigned)((size - 1) / MCR_OBJ_ALIGN)
		       : MCR_OBJ_CLASSES;
}

static inline size_t mcr_obj_size(unsigned c)
{
	return (size_t)(c + 1) * MCR_OBJ_ALIGN;
}

static inline struct mcr_obj_block *mcr_obj_block_of(const void *p)
{
	return (struct mcr_obj_block *)((uintptr_t)p &
					~(uintptr_t)(MCR_OBJ_BLOCK - 1));
}

/* When the current block of the class is full or none (and under
 * AddressSanitizer always): finds or makes one, or mallocs. */
void *mcr_obj_alloc_slow(enum mcr_mtype mt, size_t size);

/* (inline: per-route objects have constant sizes, so the class is known
 * at compile time and taking one is a few instructions) */
static inline void *mcr_obj_alloc(enum mcr_mtype mt, size_t size)
{
	unsigned c = mcr_obj_class(size);
	struct mcr_obj_block *b;
	uint32_t w;
	uint64_t m;

	if (c >= MCR_OBJ_CLASSES || !(b = mcr_objs[c].cur) || !b->nfree)
		return mcr_obj_alloc_slow(mt, size);
	w = b->hint;
	while (!(m = b->map[w]))
		w++;
	b->hint = w;
	b->map[w] = m & (m - 1);
	b->nfree--;
	mcr_obj_cached -= mcr_obj_size(c);
	mcr_mem_stats[mt].objects++;
	mcr_mem_stats[mt].bytes += size;
	return (uint8_t *)b + b->base +
	       ((size_t)w * 64 + (unsigned)__builtin_ctzll(m)) * mcr_obj_size(c);
}

/* (inline: a constant @size makes the memset a few stores) */
static inline void *mcr_obj_zalloc(enum mcr_mtype mt, size_t size)
{
	void *p = mcr_obj_alloc(mt, size);

	memset(p, 0, size);
	return p;
}
void mcr_obj_free(enum mcr_mtype mt, void *ptr, size_t size);
/* Bytes of free objects in the blocks (not counted as live by any type). */
uint64_t mcr_obj_cached_bytes(void);
/* Give blocks with no live object back to the system; returns their
 * bytes.  O(blocks). */
uint64_t mcr_obj_trim(void);

/* Snapshot of one type's counters. */
struct mcr_mem_stat mcr_mem_stat(enum mcr_mtype mt);
/* Sum of live bytes over all types. */
uint64_t mcr_mem_total_bytes(void);
uint64_t mcr_mem_total_objects(void);

#endif /* MCR_MEM_H */
