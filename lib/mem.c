/*
 * libmcr memory accounting (see mcr/mem.h).
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "mcr/mem.h"

struct mcr_mem_stat mcr_mem_stats[MCR_MT_MAX] = {
	[MCR_MT_MISC] = {.name = "misc"},
	[MCR_MT_TRIE_NODE] = {.name = "trie-node"},
	[MCR_MT_TRIE] = {.name = "trie"},
	[MCR_MT_ATTACH] = {.name = "attachment"},
	[MCR_MT_RTABLE] = {.name = "route-table"},
	[MCR_MT_ROUTE] = {.name = "route"},
	[MCR_MT_PATH] = {.name = "path"},
	[MCR_MT_CONFLICT] = {.name = "conflict"},
	[MCR_MT_HISTORY] = {.name = "history"},
	[MCR_MT_PIPELINE] = {.name = "pipeline"},
	[MCR_MT_SUMMARY] = {.name = "summary"},
	[MCR_MT_EXPORT] = {.name = "export"},
	[MCR_MT_TUNNEL] = {.name = "tunnel"},
	[MCR_MT_VICI] = {.name = "vici"},
	[MCR_MT_NETLINK] = {.name = "netlink"},
	[MCR_MT_SECRET] = {.name = "secret"},
	[MCR_MT_FRAME] = {.name = "frame"},
};

static void mcr_oom(size_t size)
{
	fprintf(stderr, "libmcr: out of memory allocating %zu bytes\n", size);
	abort();
}

static void mcr_mem_add(enum mcr_mtype mt, size_t size)
{
	mcr_mem_stats[mt].objects++;
	mcr_mem_stats[mt].bytes += size;
}

static void mcr_mem_sub(enum mcr_mtype mt, size_t size)
{
	if (mcr_mem_stats[mt].objects == 0 || mcr_mem_stats[mt].bytes < size) {
		fprintf(stderr, "libmcr: memory counter underflow for %s\n",
			mcr_mem_stats[mt].name);
		abort();
	}
	mcr_mem_stats[mt].objects--;
	mcr_mem_stats[mt].bytes -= size;
}

void *mcr_malloc(enum mcr_mtype mt, size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		mcr_oom(size);
	mcr_mem_add(mt, size);
	return p;
}

void *mcr_calloc(enum mcr_mtype mt, size_t nmemb, size_t size)
{
	void *p;

	if (size && nmemb > SIZE_MAX / size)
		mcr_oom(SIZE_MAX);
	p = calloc(nmemb ? nmemb : 1, size ? size : 1);
	if (!p)
		mcr_oom(nmemb * size);
	mcr_mem_add(mt, nmemb * size);
	return p;
}

void *mcr_realloc(enum mcr_mtype mt, void *ptr, size_t old_size,
		  size_t new_size)
{
	void *p;

	if (!ptr)
		return mcr_malloc(mt, new_size);
	p = realloc(ptr, new_size ? new_size : 1);
	if (!p)
		mcr_oom(new_size);
	mcr_mem_stats[mt].bytes += new_size;
	mcr_mem_stats[mt].bytes -= old_size;
	return p;
}

char *mcr_strdup(enum mcr_mtype mt, const char *s)
{
	size_t n = strlen(s) + 1;
	char *p = mcr_malloc(mt, n);

	memcpy(p, s, n);
	return p;
}

void mcr_free(enum mcr_mtype mt, void *ptr, size_t size)
{
	if (!ptr)
		return;
	mcr_mem_sub(mt, size);
	free(ptr);
}

void mcr_strfree(enum mcr_mtype mt, char *s)
{
	if (s)
		mcr_free(mt, s, strlen(s) + 1);
}

/* ---- small objects */

#if defined(__SANITIZE_ADDRESS__)
#define MCR_OBJ_CACHE 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MCR_OBJ_CACHE 0
#endif
#endif
#ifndef MCR_OBJ_CACHE
#define MCR_OBJ_CACHE 1
#endif

#define OBJ_MAGIC 0x6d63726fu /* "mcro" */

/*
 * Blocks per class in address order (struct mcr_obj_class, mcr/mem.h).
 * Taking an object takes the lowest free slot of the first block that
 * has one: the free object at the lowest address.  So objects freed in
 * bulk (a peer's routes withdrawn) are handed out again in address order,
 * close together, as when they were first carved.  Reuse through a free list in free order instead
 * scatters the objects of one route over the heap; once such lists are
 * mixed, ingest runs at about half its speed.
 */
struct mcr_obj_class mcr_objs[MCR_OBJ_CLASSES];
uint64_t mcr_obj_cached;

static unsigned obj_class(size_t size)
{
	unsigned c = mcr_obj_class(size);

	if (c >= MCR_OBJ_CLASSES) {
		fprintf(stderr, "libmcr: bad small object size %zu\n", size);
		abort();
	}
	return c;
}

/*
 * MCR_OBJ_BLOCK bytes at an MCR_OBJ_BLOCK-aligned address, straight from
 * the system: twice that mapped, the ends unmapped again.  (An aligned
 * malloc would keep a header page resident in front of every block.)
 */
static void *obj_map_block(void)
{
	size_t len = 2 * (size_t)MCR_OBJ_BLOCK;
	uint8_t *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t a;
	size_t head;

	if (m == MAP_FAILED)
		mcr_oom(MCR_OBJ_BLOCK);
	a = ((uintptr_t)m + MCR_OBJ_BLOCK - 1) &
	    ~(uintptr_t)(MCR_OBJ_BLOCK - 1);
	head = a - (uintptr_t)m;
	if (head)
		munmap(m, head);
	if (len - head > MCR_OBJ_BLOCK)
		munmap((uint8_t *)a + MCR_OBJ_BLOCK, len - head - MCR_OBJ_BLOCK);
	return (void *)a;
}

/* A new empty block of class @c, in its place among the class's blocks
 * (O(blocks), once per 64 KiB). */
static struct mcr_obj_block *obj_block_new(unsigned c)
{
	struct mcr_obj_class *k = &mcr_objs[c];
	size_t sz = mcr_obj_size(c);
	struct mcr_obj_block *b;
	uint32_t n, words, base, lo, hi;

	/* the most slots whose map still fits before them */
	n = (MCR_OBJ_BLOCK - sizeof(*b)) / sz;
	for (;;) {
		words = (n + 63) / 64;
		base = (uint32_t)((sizeof(*b) + words * 8 + MCR_OBJ_ALIGN - 1) &
				  ~(size_t)(MCR_OBJ_ALIGN - 1));
		if (base + (size_t)n * sz <= MCR_OBJ_BLOCK)
			break;
		n--;
	}
	b = obj_map_block();
	b->magic = OBJ_MAGIC;
	b->cls = c;
	b->nslots = b->nfree = n;
	b->hint = 0;
	b->base = base;
	memset(b->map, 0xff, (size_t)words * 8);
	if (n % 64)
		b->map[words - 1] = (1ull << (n % 64)) - 1;
	if (k->n == k->cap) {
		uint32_t nc = k->cap ? k->cap * 2 : 16;

		k->blk = realloc(k->blk, nc * sizeof(*k->blk));
		if (!k->blk)
			mcr_oom(nc * sizeof(*k->blk));
		k->cap = nc;
	}
	/* blk[] in address order: lowest address first over all blocks */
	lo = 0;
	hi = k->n;
	while (lo < hi) {
		uint32_t mid = (lo + hi) / 2;

		if ((uintptr_t)k->blk[mid] < (uintptr_t)b)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&k->blk[lo + 1], &k->blk[lo], (k->n - lo) * sizeof(*k->blk));
	k->blk[lo] = b;
	k->n++;
	for (uint32_t i = lo; i < k->n; i++)
		k->blk[i]->index = i;
	mcr_obj_cached += (uint64_t)n * sz;
	return b;
}

void *mcr_obj_alloc_slow(enum mcr_mtype mt, size_t size)
{
	unsigned c = obj_class(size);
	struct mcr_obj_class *k = &mcr_objs[c];

	if (!MCR_OBJ_CACHE)
		return mcr_malloc(mt, size);
	while (k->first < k->n && !k->blk[k->first]->nfree)
		k->first++;
	if (k->first == k->n)
		k->first = obj_block_new(c)->index;
	k->cur = k->blk[k->first];
	return mcr_obj_alloc(mt, size);
}

static void obj_bad_free(const void *ptr, size_t size, const char *why)
{
	fprintf(stderr, "libmcr: bad free of small object %p (%zu bytes): %s\n",
		ptr, size, why);
	abort();
}

void mcr_obj_free(enum mcr_mtype mt, void *ptr, size_t size)
{
	unsigned c = obj_class(size);
	struct mcr_obj_block *b;
	size_t off, slot;
	uint64_t bit;

	if (!ptr)
		return;
	if (!MCR_OBJ_CACHE) {
		mcr_free(mt, ptr, size);
		return;
	}
	b = mcr_obj_block_of(ptr);
	if (b->magic != OBJ_MAGIC || b->cls != c)
		obj_bad_free(ptr, size, "not an object of this size");
	off = (size_t)((uint8_t *)ptr - (uint8_t *)b) - b->base;
	slot = off / mcr_obj_size(c);
	if (off % mcr_obj_size(c) || slot >= b->nslots)
		obj_bad_free(ptr, size, "not at the start of an object");
	bit = 1ull << (slot % 64);
	if (b->map[slot / 64] & bit)
		obj_bad_free(ptr, size, "already free");
	mcr_mem_sub(mt, size);
	b->map[slot / 64] |= bit;
	b->nfree++;
	if (slot / 64 < b->hint)
		b->hint = (uint32_t)(slot / 64);
	if (b->index < mcr_objs[c].first) {
		mcr_objs[c].first = b->index;
		mcr_objs[c].cur = b;
	}
	mcr_obj_cached += mcr_obj_size(c);
}

/* Give the blocks with no object in use back to the system. */
uint64_t mcr_obj_trim(void)
{
	uint64_t freed = 0;

	for (unsigned c = 0; c < MCR_OBJ_CLASSES; c++) {
		struct mcr_obj_class *k = &mcr_objs[c];
		uint32_t j = 0;

		for (uint32_t i = 0; i < k->n; i++) {
			struct mcr_obj_block *b = k->blk[i];

			if (b->nfree == b->nslots) {
				mcr_obj_cached -=
					(uint64_t)b->nslots * mcr_obj_size(c);
				freed += MCR_OBJ_BLOCK;
				munmap(b, MCR_OBJ_BLOCK);
				continue;
			}
			b->index = j;
			k->blk[j++] = b;
		}
		k->n = j;
		k->first = 0;
		k->cur = NULL;
	}
	return freed;
}

uint64_t mcr_obj_cached_bytes(void)
{
	return mcr_obj_cached;
}

struct mcr_mem_stat mcr_mem_stat(enum mcr_mtype mt)
{
	if ((unsigned)mt >= MCR_MT_MAX)
		return (struct mcr_mem_stat){.name = "?"};
	return mcr_mem_stats[mt];
}

uint64_t mcr_mem_total_bytes(void)
{
	uint64_t t = 0;

	for (int i = 0; i < MCR_MT_MAX; i++)
		t += mcr_mem_stats[i].bytes;
	return t;
}

uint64_t mcr_mem_total_objects(void)
{
	uint64_t t = 0;

	for (int i = 0; i < MCR_MT_MAX; i++)
		t += mcr_mem_stats[i].objects;
	return t;
}
