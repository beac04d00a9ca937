/*
 * libmcr prefixes: IPv4 and IPv6 address prefixes in canonical form.
 *
 * Input is validated where it enters (mcr_prefix_parse / mcr_prefix_make);
 * everything else in libmcr assumes canonical prefixes.
 *
 * Invariant: a canonical struct mcr_prefix has family MCR_AF_INET (len <= 32)
 * or MCR_AF_INET6 (len <= 128), no bit set past len in addr, and every byte
 * of addr past the family's size (4 for IPv4) zero.  So two canonical
 * prefixes are equal iff memcmp() says so.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_PREFIX_H
#define MCR_PREFIX_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "mcr/error.h"

enum mcr_af {
	MCR_AF_INET = 4,
	MCR_AF_INET6 = 6,
};

struct mcr_prefix {
	uint8_t family; /* enum mcr_af */
	uint8_t len;	/* prefix length in bits */
	uint8_t addr[16]; /* network byte order; IPv4 in addr[0..3] */
};

/* An address (nexthop): a prefix of full length, kept separate for clarity. */
struct mcr_addr {
	uint8_t family;
	uint8_t addr[16];
};

/* "a.b.c.d/n", "x::y/n" plus NUL. */
#define MCR_PREFIX_STRLEN 50
#define MCR_ADDR_STRLEN 46

/* Maximum length for the family (32 or 128). */
static inline unsigned mcr_af_maxlen(uint8_t family)
{
	return family == MCR_AF_INET ? 32 : 128;
}

/*
 * Parse "addr/len" (or a bare address with @allow_host, meaning /32 or
 * /128).  With @strict, host bits set past len are an error ("10.0.0.1/8
 * has host bits set"); without it they are cleared.  O(1); fails with
 * MCR_EINVAL and a message, leaving @out untouched.
 */
enum mcr_err mcr_prefix_parse(const char *s, bool strict, bool allow_host,
			      struct mcr_prefix *out, struct mcr_errbuf *eb);

/* Build a canonical prefix from raw bytes; host bits are cleared. */
enum mcr_err mcr_prefix_make(uint8_t family, const void *addr, unsigned len,
			     struct mcr_prefix *out, struct mcr_errbuf *eb);

/* Parse a plain address (no length). */
enum mcr_err mcr_addr_parse(const char *s, struct mcr_addr *out,
			    struct mcr_errbuf *eb);

/* Format into @buf (MCR_PREFIX_STRLEN / MCR_ADDR_STRLEN); returns buf. */
const char *mcr_prefix2str(const struct mcr_prefix *p, char *buf, size_t size);
const char *mcr_addr2str(const struct mcr_addr *a, char *buf, size_t size);

/* True if @p is canonical (see the invariant above). */
bool mcr_prefix_is_canonical(const struct mcr_prefix *p);

/* Bit @i (0 = most significant) of the address. */
static inline unsigned mcr_prefix_bit(const struct mcr_prefix *p, unsigned i)
{
	return (p->addr[i >> 3] >> (7 - (i & 7))) & 1;
}

/* Total order: family, then address bytes, then length (shorter first). */
int mcr_prefix_cmp(const struct mcr_prefix *a, const struct mcr_prefix *b);
/* Same family, length and address (canonical prefixes). O(1); inline,
 * it is on per-route paths. */
static inline bool mcr_prefix_equal(const struct mcr_prefix *a,
				    const struct mcr_prefix *b)
{
	uint64_t x[2], y[2];

	memcpy(x, a->addr, 16);
	memcpy(y, b->addr, 16);
	return a->family == b->family && a->len == b->len && x[0] == y[0] &&
	       x[1] == y[1];
}

/* True if @outer covers @inner (same family, outer->len <= inner->len and
 * the first outer->len bits agree).  A prefix covers itself. */
bool mcr_prefix_covers(const struct mcr_prefix *outer,
		       const struct mcr_prefix *inner);
/* True if the two prefixes share any address (one covers the other). */
bool mcr_prefix_overlaps(const struct mcr_prefix *a,
			 const struct mcr_prefix *b);
/* True if @p covers @a. */
bool mcr_prefix_contains_addr(const struct mcr_prefix *p,
			      const struct mcr_addr *a);

/* Truncate @p to @len bits (len <= p->len), result canonical. */
void mcr_prefix_truncate(struct mcr_prefix *p, unsigned len);
/* Length of the common leading bits of a and b (same family), capped by
 * the shorter of the two lengths. */
unsigned mcr_prefix_common_len(const struct mcr_prefix *a,
			       const struct mcr_prefix *b);

#endif /* MCR_PREFIX_H */
