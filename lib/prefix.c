/*
 * libmcr prefixes (see mcr/prefix.h).
 *
 * Parsing uses inet_pton, which accepts only dotted-quad IPv4 (no "10/8"
 * shorthand, no octal) and RFC 4291 IPv6 text.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcr/prefix.h"

static unsigned af_bytes(uint8_t family)
{
	return family == MCR_AF_INET ? 4 : 16;
}

static void clear_host_bits(uint8_t *addr, unsigned nbytes, unsigned len)
{
	for (unsigned i = 0; i < 16; i++) {
		unsigned bit0 = i * 8;

		if (i >= nbytes || bit0 >= len + 8)
			addr[i] = 0;
		else if (bit0 + 8 > len)
			addr[i] &= (uint8_t)(0xff << (8 - (len - bit0)));
	}
}

/* Any bit set past @len (len <= 8 * nbytes) in the 16 address bytes?
 * Two big-endian words, each masked. */
static bool host_bits_set(const uint8_t *addr, unsigned nbytes, unsigned len)
{
	uint64_t w[2];

	(void)nbytes;
	memcpy(w, addr, 16);
	for (unsigned k = 0; k < 2; k++) {
		unsigned bits = len > 64 * k ? len - 64 * k : 0;

		if (bits < 64 &&
		    (__builtin_bswap64(w[k]) & (bits ? ~0ull >> bits : ~0ull)))
			return true;
	}
	return false;
}

enum mcr_err mcr_addr_parse(const char *s, struct mcr_addr *out,
			    struct mcr_errbuf *eb)
{
	struct mcr_addr a = {0};

	if (!s || !*s)
		return mcr_error(eb, MCR_EINVAL, "empty address");
	if (strchr(s, ':')) {
		if (inet_pton(AF_INET6, s, a.addr) != 1)
			return mcr_error(eb, MCR_EINVAL,
					 "invalid IPv6 address \"%s\"", s);
		a.family = MCR_AF_INET6;
	} else {
		if (inet_pton(AF_INET, s, a.addr) != 1)
			return mcr_error(eb, MCR_EINVAL,
					 "invalid IPv4 address \"%s\"", s);
		a.family = MCR_AF_INET;
	}
	*out = a;
	return MCR_OK;
}

enum mcr_err mcr_prefix_parse(const char *s, bool strict, bool allow_host,
			      struct mcr_prefix *out, struct mcr_errbuf *eb)
{
	char buf[MCR_PREFIX_STRLEN];
	const char *slash;
	struct mcr_addr a;
	struct mcr_prefix p = {0};
	unsigned long len;
	char *end;
	enum mcr_err err;

	if (!s || !*s)
		return mcr_error(eb, MCR_EINVAL, "empty prefix");
	if (strlen(s) >= sizeof(buf))
		return mcr_error(eb, MCR_EINVAL, "prefix too long");
	slash = strchr(s, '/');
	if (!slash && !allow_host)
		return mcr_error(eb, MCR_EINVAL,
				 "\"%s\" has no prefix length", s);
	memcpy(buf, s, slash ? (size_t)(slash - s) : strlen(s));
	buf[slash ? (size_t)(slash - s) : strlen(s)] = '\0';
	err = mcr_addr_parse(buf, &a, eb);
	if (err)
		return err;
	p.family = a.family;
	memcpy(p.addr, a.addr, 16);
	if (slash) {
		if (slash[1] < '0' || slash[1] > '9')
			return mcr_error(eb, MCR_EINVAL,
					 "invalid prefix length in \"%s\"", s);
		errno = 0;
		len = strtoul(slash + 1, &end, 10);
		if (errno || *end || len > mcr_af_maxlen(a.family))
			return mcr_error(eb, MCR_EINVAL,
					 "invalid prefix length in \"%s\"", s);
	} else {
		len = mcr_af_maxlen(a.family);
	}
	p.len = (uint8_t)len;
	if (host_bits_set(p.addr, af_bytes(p.family), p.len)) {
		if (strict)
			return mcr_error(eb, MCR_EINVAL,
					 "\"%s\" has host bits set", s);
		clear_host_bits(p.addr, af_bytes(p.family), p.len);
	}
	*out = p;
	return MCR_OK;
}

enum mcr_err mcr_prefix_make(uint8_t family, const void *addr, unsigned len,
			     struct mcr_prefix *out, struct mcr_errbuf *eb)
{
	struct mcr_prefix p = {0};

	if (family != MCR_AF_INET && family != MCR_AF_INET6)
		return mcr_error(eb, MCR_EINVAL, "unknown address family %u",
				 family);
	if (len > mcr_af_maxlen(family))
		return mcr_error(eb, MCR_EINVAL, "prefix length %u too long",
				 len);
	p.family = family;
	p.len = (uint8_t)len;
	memcpy(p.addr, addr, af_bytes(family));
	clear_host_bits(p.addr, af_bytes(family), len);
	*out = p;
	return MCR_OK;
}

const char *mcr_addr2str(const struct mcr_addr *a, char *buf, size_t size)
{
	if (!inet_ntop(a->family == MCR_AF_INET ? AF_INET : AF_INET6, a->addr,
		       buf, size))
		snprintf(buf, size, "?");
	return buf;
}

const char *mcr_prefix2str(const struct mcr_prefix *p, char *buf, size_t size)
{
	char abuf[MCR_ADDR_STRLEN];

	if (!inet_ntop(p->family == MCR_AF_INET ? AF_INET : AF_INET6, p->addr,
		       abuf, sizeof(abuf)))
		snprintf(abuf, sizeof(abuf), "?");
	snprintf(buf, size, "%s/%u", abuf, p->len);
	return buf;
}

bool mcr_prefix_is_canonical(const struct mcr_prefix *p)
{
	if (p->family != MCR_AF_INET && p->family != MCR_AF_INET6)
		return false;
	if (p->len > mcr_af_maxlen(p->family))
		return false;
	return !host_bits_set(p->addr, af_bytes(p->family), p->len);
}

int mcr_prefix_cmp(const struct mcr_prefix *a, const struct mcr_prefix *b)
{
	int c;

	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	c = memcmp(a->addr, b->addr, 16);
	if (c)
		return c < 0 ? -1 : 1;
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return 0;
}

static bool bits_equal(const uint8_t *a, const uint8_t *b, unsigned len)
{
	unsigned full = len / 8, rest = len % 8;

	if (memcmp(a, b, full))
		return false;
	if (rest) {
		uint8_t mask = (uint8_t)(0xff << (8 - rest));

		if ((a[full] & mask) != (b[full] & mask))
			return false;
	}
	return true;
}

bool mcr_prefix_covers(const struct mcr_prefix *outer,
		       const struct mcr_prefix *inner)
{
	return outer->family == inner->family && outer->len <= inner->len &&
	       bits_equal(outer->addr, inner->addr, outer->len);
}

bool mcr_prefix_overlaps(const struct mcr_prefix *a,
			 const struct mcr_prefix *b)
{
	return mcr_prefix_covers(a, b) || mcr_prefix_covers(b, a);
}

bool mcr_prefix_contains_addr(const struct mcr_prefix *p,
			      const struct mcr_addr *a)
{
	return p->family == a->family && bits_equal(p->addr, a->addr, p->len);
}

void mcr_prefix_truncate(struct mcr_prefix *p, unsigned len)
{
	MCR_ASSERT(len <= p->len);
	p->len = (uint8_t)len;
	clear_host_bits(p->addr, af_bytes(p->family), len);
}

unsigned mcr_prefix_common_len(const struct mcr_prefix *a,
			       const struct mcr_prefix *b)
{
	unsigned max = a->len < b->len ? a->len : b->len;
	unsigned i = 0;

	while (i < max && mcr_prefix_bit(a, i) == mcr_prefix_bit(b, i))
		i++;
	return i;
}
