/*
 * libmcr memory accounting (see mcr/mem.h).
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcr/mem.h"

static struct mcr_mem_stat mcr_mem[MCR_MT_MAX] = {
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
	mcr_mem[mt].objects++;
	mcr_mem[mt].bytes += size;
}

static void mcr_mem_sub(enum mcr_mtype mt, size_t size)
{
	if (mcr_mem[mt].objects == 0 || mcr_mem[mt].bytes < size) {
		fprintf(stderr, "libmcr: memory counter underflow for %s\n",
			mcr_mem[mt].name);
		abort();
	}
	mcr_mem[mt].objects--;
	mcr_mem[mt].bytes -= size;
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
	mcr_mem[mt].bytes += new_size;
	mcr_mem[mt].bytes -= old_size;
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

#define OBJ_ALIGN 8
#define OBJ_CLASSES (MCR_OBJ_MAX / OBJ_ALIGN)
#define OBJ_BLOCK 65536

/*
 * Invariant: free[c][0..n[c]) are the cached objects of class c (size
 * (c + 1) * OBJ_ALIGN); cached is the sum of their sizes.  A stack of
 * pointers rather than a list linked through the objects: taking one
 * then reads nothing from the (cold) object itself.  Blocks are never
 * freed (they hold live objects of any class interleaved over time); the
 * free stacks bound what they retain.
 */
static struct {
	void **free[OBJ_CLASSES];
	size_t n[OBJ_CLASSES], cap[OBJ_CLASSES];
	void *blocks;	/* every block, linked through its first word */
	uint64_t cached;
} objs;

static unsigned obj_class(size_t size)
{
	if (size == 0 || size > MCR_OBJ_MAX) {
		fprintf(stderr, "libmcr: bad small object size %zu\n", size);
		abort();
	}
	return (unsigned)((size + OBJ_ALIGN - 1) / OBJ_ALIGN - 1);
}

/* Room for @more pointers on free stack @c. */
static void obj_reserve(unsigned c, size_t more)
{
	size_t need = objs.n[c] + more, cap = objs.cap[c];

	if (need <= cap)
		return;
	while (cap < need)
		cap = cap ? cap * 2 : 1024;
	objs.free[c] = realloc(objs.free[c], cap * sizeof(void *));
	if (!objs.free[c])
		mcr_oom(cap * sizeof(void *));
	objs.cap[c] = cap;
}

/* Carve a new block into objects of class @c. */
static void obj_refill(unsigned c)
{
	size_t sz = (size_t)(c + 1) * OBJ_ALIGN;
	size_t n = (OBJ_BLOCK - sizeof(void *)) / sz;
	uint8_t *b = malloc(OBJ_BLOCK);

	if (!b)
		mcr_oom(OBJ_BLOCK);
	/* linked so that the blocks stay reachable (leak checkers) */
	*(void **)b = objs.blocks;
	objs.blocks = b;
	b += sizeof(void *);
	obj_reserve(c, n);
	/* pushed last first: handed out in address order */
	for (size_t i = n; i-- > 0;)
		objs.free[c][objs.n[c]++] = b + i * sz;
	objs.cached += n * sz;
}

void *mcr_obj_alloc(enum mcr_mtype mt, size_t size)
{
	unsigned c = obj_class(size);
	void *p;

	if (!MCR_OBJ_CACHE)
		return mcr_malloc(mt, size);
	if (!objs.n[c])
		obj_refill(c);
	p = objs.free[c][--objs.n[c]];
	objs.cached -= (size_t)(c + 1) * OBJ_ALIGN;
	mcr_mem_add(mt, size);
	return p;
}

void mcr_obj_free(enum mcr_mtype mt, void *ptr, size_t size)
{
	unsigned c = obj_class(size);

	if (!ptr)
		return;
	if (!MCR_OBJ_CACHE) {
		mcr_free(mt, ptr, size);
		return;
	}
	mcr_mem_sub(mt, size);
	obj_reserve(c, 1);
	objs.free[c][objs.n[c]++] = ptr;
	objs.cached += (size_t)(c + 1) * OBJ_ALIGN;
}

uint64_t mcr_obj_cached_bytes(void)
{
	return objs.cached;
}

struct mcr_mem_stat mcr_mem_stat(enum mcr_mtype mt)
{
	if ((unsigned)mt >= MCR_MT_MAX)
		return (struct mcr_mem_stat){.name = "?"};
	return mcr_mem[mt];
}

uint64_t mcr_mem_total_bytes(void)
{
	uint64_t t = 0;

	for (int i = 0; i < MCR_MT_MAX; i++)
		t += mcr_mem[i].bytes;
	return t;
}

uint64_t mcr_mem_total_objects(void)
{
	uint64_t t = 0;

	for (int i = 0; i < MCR_MT_MAX; i++)
		t += mcr_mem[i].objects;
	return t;
}
