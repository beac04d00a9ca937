/*
 * libmcr VICI codec (see mcr/vici.h for the wire format).
 *
 * Written from the protocol description in strongSwan's
 * src/libcharon/plugins/vici/README.md; no strongSwan code is used.
 *
 * Builder: a growable byte buffer plus a stack of open containers
 * (sections, at most one list on top) so that misuse is caught when it
 * happens; the first error sticks.
 *
 * Reader: a byte buffer with a read offset; a frame leaves the buffer
 * once whole.  The announced length is checked against the limit as soon
 * as the 4 header bytes are there, so a hostile peer cannot make us
 * buffer more than one limit's worth.
 *
 * Parser: one pass over the elements with an explicit stack of open
 * containers (no recursion), building a tree of individually allocated
 * nodes (name and value stored after the node).  Freeing splices each
 * node's children into the sibling chain, so it needs no recursion either.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcr/mem.h"
#include "mcr/vici.h"

/* Wipe before freeing (frames may hold a PSK); glibc >= 2.25. */
static void vici_wipe(void *p, size_t len)
{
	if (p && len)
		explicit_bzero(p, len);
}

/* ---------------------------------------------------------------------
 * Growable buffer.
 */
struct vici_buf {
	uint8_t *data;
	size_t len;
	size_t cap;
};

static void vbuf_reserve(struct vici_buf *b, size_t more)
{
	size_t ncap;
	uint8_t *n;

	if (b->cap - b->len >= more)
		return;
	ncap = b->cap ? b->cap : 256;
	while (ncap - b->len < more)
		ncap *= 2;
	/* Not realloc: the old bytes must be wiped, not left in the heap. */
	n = mcr_malloc(MCR_MT_VICI, ncap);
	if (b->len)
		memcpy(n, b->data, b->len);
	if (b->data) {
		vici_wipe(b->data, b->cap);
		mcr_free(MCR_MT_VICI, b->data, b->cap);
	}
	b->data = n;
	b->cap = ncap;
}

static void vbuf_put(struct vici_buf *b, const void *p, size_t len)
{
	vbuf_reserve(b, len);
	if (len)
		memcpy(b->data + b->len, p, len);
	b->len += len;
}

static void vbuf_put8(struct vici_buf *b, uint8_t v)
{
	vbuf_put(b, &v, 1);
}

static void vbuf_free(struct vici_buf *b)
{
	if (b->data) {
		vici_wipe(b->data, b->cap);
		mcr_free(MCR_MT_VICI, b->data, b->cap);
	}
	memset(b, 0, sizeof(*b));
}

void mcr_vici_frame_release(struct mcr_vici_frame *f)
{
	if (!f)
		return;
	if (f->data) {
		vici_wipe(f->data, f->len);
		mcr_free(MCR_MT_VICI, f->data, f->len);
	}
	f->data = NULL;
	f->len = 0;
}

/* ---------------------------------------------------------------------
 * Builder.
 *
 * Invariant: stack[0..depth) are the open containers, outermost first; a
 * list can only be on top (lists hold items only); err != MCR_OK means
 * every later call is a no-op.
 */
struct mcr_vici_builder {
	struct vici_buf buf;
	uint8_t stack[MCR_VICI_MAX_DEPTH + 1]; /* SECTION_START/LIST_START */
	unsigned depth;
	enum mcr_err err;
	struct mcr_errbuf eb;
};

struct mcr_vici_builder *mcr_vici_builder_new(void)
{
	return mcr_calloc(MCR_MT_VICI, 1, sizeof(struct mcr_vici_builder));
}

void mcr_vici_builder_free(struct mcr_vici_builder *b)
{
	if (!b)
		return;
	vbuf_free(&b->buf);
	mcr_free(MCR_MT_VICI, b, sizeof(*b));
}

static bool in_list(const struct mcr_vici_builder *b)
{
	return b->depth && b->stack[b->depth - 1] == MCR_VICI_LIST_START;
}

/* Record the first error; returns false so callers can `return`. */
static bool bfail(struct mcr_vici_builder *b, enum mcr_err err,
		  const char *what, const char *name)
{
	if (b->err == MCR_OK)
		b->err = mcr_error(&b->eb, err, "VICI builder: %s%s%s%s", what,
				   name ? " '" : "", name ? name : "",
				   name ? "'" : "");
	return false;
}

static bool bcheck(struct mcr_vici_builder *b, const char *name,
		   size_t vlen, bool has_value)
{
	if (b->err != MCR_OK)
		return false;
	if (name && (!name[0] || strlen(name) > 255))
		return bfail(b, MCR_EINVAL,
			     "name empty or longer than 255 bytes", NULL);
	if (has_value && vlen > 0xffff)
		return bfail(b, MCR_EINVAL, "value longer than 65535 for",
			     name);
	if (b->buf.len + 3 + 255 + vlen > MCR_VICI_MAX_MSGLEN)
		return bfail(b, MCR_ELIMIT, "message exceeds 512 KiB at", name);
	return true;
}

static void put_name(struct vici_buf *buf, const char *name)
{
	size_t n = strlen(name);

	vbuf_put8(buf, (uint8_t)n);
	vbuf_put(buf, name, n);
}

static void put_value(struct vici_buf *buf, const void *v, size_t len)
{
	vbuf_put8(buf, (uint8_t)(len >> 8));
	vbuf_put8(buf, (uint8_t)len);
	vbuf_put(buf, v, len);
}

void mcr_vici_add_kv_blob(struct mcr_vici_builder *b, const char *key,
			  const void *value, size_t len)
{
	if (!bcheck(b, key, len, true))
		return;
	if (in_list(b)) {
		bfail(b, MCR_EINVAL, "key/value inside a list:", key);
		return;
	}
	vbuf_put8(&b->buf, MCR_VICI_KEY_VALUE);
	put_name(&b->buf, key);
	put_value(&b->buf, value, len);
}

void mcr_vici_add_kv(struct mcr_vici_builder *b, const char *key,
		     const char *value)
{
	if (!value) {
		bfail(b, MCR_EINVAL, "NULL value for", key);
		return;
	}
	mcr_vici_add_kv_blob(b, key, value, strlen(value));
}

void mcr_vici_add_kvf(struct mcr_vici_builder *b, const char *key,
		      const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp)) {
		bfail(b, MCR_EINVAL, "formatted value too long for", key);
		return;
	}
	mcr_vici_add_kv_blob(b, key, tmp, (size_t)n);
	vici_wipe(tmp, sizeof(tmp));
}

void mcr_vici_begin_section(struct mcr_vici_builder *b, const char *name)
{
	if (!bcheck(b, name, 0, false))
		return;
	if (in_list(b)) {
		bfail(b, MCR_EINVAL, "section inside a list:", name);
		return;
	}
	if (b->depth >= MCR_VICI_MAX_DEPTH) {
		bfail(b, MCR_EINVAL, "sections nested too deep at", name);
		return;
	}
	b->stack[b->depth++] = MCR_VICI_SECTION_START;
	vbuf_put8(&b->buf, MCR_VICI_SECTION_START);
	put_name(&b->buf, name);
}

void mcr_vici_end_section(struct mcr_vici_builder *b)
{
	if (!bcheck(b, NULL, 0, false))
		return;
	if (!b->depth || b->stack[b->depth - 1] != MCR_VICI_SECTION_START) {
		bfail(b, MCR_EINVAL, "section end without an open section",
		      NULL);
		return;
	}
	b->depth--;
	vbuf_put8(&b->buf, MCR_VICI_SECTION_END);
}

void mcr_vici_begin_list(struct mcr_vici_builder *b, const char *name)
{
	if (!bcheck(b, name, 0, false))
		return;
	if (in_list(b)) {
		bfail(b, MCR_EINVAL, "list inside a list:", name);
		return;
	}
	if (b->depth > MCR_VICI_MAX_DEPTH) {
		bfail(b, MCR_EINVAL, "list nested too deep:", name);
		return;
	}
	b->stack[b->depth++] = MCR_VICI_LIST_START;
	vbuf_put8(&b->buf, MCR_VICI_LIST_START);
	put_name(&b->buf, name);
}

void mcr_vici_add_item(struct mcr_vici_builder *b, const char *value)
{
	size_t len;

	if (!value) {
		bfail(b, MCR_EINVAL, "NULL list item", NULL);
		return;
	}
	len = strlen(value);
	if (!bcheck(b, NULL, len, true))
		return;
	if (!in_list(b)) {
		bfail(b, MCR_EINVAL, "list item outside a list", NULL);
		return;
	}
	vbuf_put8(&b->buf, MCR_VICI_LIST_ITEM);
	put_value(&b->buf, value, len);
}

void mcr_vici_end_list(struct mcr_vici_builder *b)
{
	if (!bcheck(b, NULL, 0, false))
		return;
	if (!in_list(b)) {
		bfail(b, MCR_EINVAL, "list end without an open list", NULL);
		return;
	}
	b->depth--;
	vbuf_put8(&b->buf, MCR_VICI_LIST_END);
}

void mcr_vici_add_list(struct mcr_vici_builder *b, const char *name,
		       const char *const *items, size_t n)
{
	mcr_vici_begin_list(b, name);
	for (size_t i = 0; i < n; i++)
		mcr_vici_add_item(b, items[i]);
	mcr_vici_end_list(b);
}

enum mcr_err mcr_vici_builder_error(const struct mcr_vici_builder *b,
				    struct mcr_errbuf *eb)
{
	if (b->err != MCR_OK)
		return mcr_error(eb, b->err, "%s", b->eb.msg);
	return MCR_OK;
}

const uint8_t *mcr_vici_builder_data(const struct mcr_vici_builder *b,
				     size_t *len)
{
	*len = b->buf.len;
	return b->buf.data;
}

/* ---------------------------------------------------------------------
 * Packet encoders.
 */
static bool ptype_named(unsigned type)
{
	return type == MCR_VICI_CMD_REQUEST ||
	       type == MCR_VICI_EVENT_REGISTER ||
	       type == MCR_VICI_EVENT_UNREGISTER || type == MCR_VICI_EVENT;
}

static bool ptype_has_msg(unsigned type)
{
	return type == MCR_VICI_CMD_REQUEST ||
	       type == MCR_VICI_CMD_RESPONSE || type == MCR_VICI_EVENT;
}

enum mcr_err mcr_vici_encode(enum mcr_vici_ptype type, const char *name,
			     const struct mcr_vici_builder *msg,
			     struct mcr_vici_frame *out, struct mcr_errbuf *eb)
{
	size_t nlen = 0, mlen = 0, plen;
	const uint8_t *mdata = NULL;
	uint8_t *p;
	enum mcr_err err;

	out->data = NULL;
	out->len = 0;
	if ((unsigned)type >= MCR_VICI_PTYPE_MAX)
		return mcr_error(eb, MCR_EINVAL, "VICI: bad packet type %u",
				 (unsigned)type);
	if (ptype_named(type)) {
		if (!name || !name[0] || strlen(name) > 255)
			return mcr_error(eb, MCR_EINVAL,
					 "VICI: packet name empty or longer than 255");
		nlen = strlen(name);
	}
	if (msg) {
		if (!ptype_has_msg(type))
			return mcr_error(eb, MCR_EINVAL,
					 "VICI: packet type %u carries no message",
					 (unsigned)type);
		err = mcr_vici_builder_error(msg, eb);
		if (err != MCR_OK)
			return err;
		if (msg->depth)
			return mcr_error(eb, MCR_EINVAL,
					 "VICI: message has %u unclosed section(s)/list(s)",
					 msg->depth);
		mdata = mcr_vici_builder_data(msg, &mlen);
	}
	plen = 1 + (ptype_named(type) ? 1 + nlen : 0) + mlen;
	if (plen > MCR_VICI_MAX_MSGLEN)
		return mcr_error(eb, MCR_ELIMIT,
				 "VICI: packet of %zu bytes exceeds %u", plen,
				 MCR_VICI_MAX_MSGLEN);
	p = mcr_malloc(MCR_MT_VICI, MCR_VICI_HDRLEN + plen);
	out->data = p;
	out->len = MCR_VICI_HDRLEN + plen;
	*p++ = (uint8_t)(plen >> 24);
	*p++ = (uint8_t)(plen >> 16);
	*p++ = (uint8_t)(plen >> 8);
	*p++ = (uint8_t)plen;
	*p++ = (uint8_t)type;
	if (ptype_named(type)) {
		*p++ = (uint8_t)nlen;
		memcpy(p, name, nlen);
		p += nlen;
	}
	if (mlen)
		memcpy(p, mdata, mlen);
	return MCR_OK;
}

enum mcr_err mcr_vici_encode_cmd(const char *cmd,
				 const struct mcr_vici_builder *msg,
				 struct mcr_vici_frame *out,
				 struct mcr_errbuf *eb)
{
	return mcr_vici_encode(MCR_VICI_CMD_REQUEST, cmd, msg, out, eb);
}

enum mcr_err mcr_vici_encode_register(const char *event,
				      struct mcr_vici_frame *out,
				      struct mcr_errbuf *eb)
{
	return mcr_vici_encode(MCR_VICI_EVENT_REGISTER, event, NULL, out, eb);
}

enum mcr_err mcr_vici_encode_unregister(const char *event,
					struct mcr_vici_frame *out,
					struct mcr_errbuf *eb)
{
	return mcr_vici_encode(MCR_VICI_EVENT_UNREGISTER, event, NULL, out,
			       eb);
}

/* ---------------------------------------------------------------------
 * Reassembler.
 *
 * Invariant: buf.data[off..buf.len) are received bytes not yet returned;
 * broken != MCR_OK once a limit was exceeded (sticky).
 */
struct mcr_vici_reader {
	struct vici_buf buf;
	size_t off;
	size_t max;
	enum mcr_err broken;
	struct mcr_errbuf why;
};

struct mcr_vici_reader *mcr_vici_reader_new(size_t max_msglen)
{
	struct mcr_vici_reader *r;

	r = mcr_calloc(MCR_MT_VICI, 1, sizeof(*r));
	r->max = max_msglen ? max_msglen : MCR_VICI_MAX_MSGLEN;
	return r;
}

void mcr_vici_reader_free(struct mcr_vici_reader *r)
{
	if (!r)
		return;
	vbuf_free(&r->buf);
	mcr_free(MCR_MT_VICI, r, sizeof(*r));
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Check the header at the read offset, if complete. */
static enum mcr_err reader_check_head(struct mcr_vici_reader *r,
				      struct mcr_errbuf *eb)
{
	uint32_t flen;

	if (r->broken != MCR_OK)
		return mcr_error(eb, r->broken, "%s", r->why.msg);
	if (r->buf.len - r->off < MCR_VICI_HDRLEN)
		return MCR_OK;
	flen = get32(r->buf.data + r->off);
	if (flen > r->max)
		r->broken = mcr_error(&r->why, MCR_ELIMIT,
				      "VICI message of %" PRIu32
				      " bytes exceeds the limit of %zu",
				      flen, r->max);
	else if (flen == 0)
		r->broken = mcr_error(&r->why, MCR_EINVAL,
				      "VICI frame of length 0");
	if (r->broken != MCR_OK)
		return mcr_error(eb, r->broken, "%s", r->why.msg);
	return MCR_OK;
}

enum mcr_err mcr_vici_reader_feed(struct mcr_vici_reader *r, const void *data,
				  size_t len, struct mcr_errbuf *eb)
{
	if (r->broken != MCR_OK)
		return mcr_error(eb, r->broken, "%s", r->why.msg);
	/* Compact before growing: drop what was already returned. */
	if (r->off && r->buf.cap - r->buf.len < len) {
		memmove(r->buf.data, r->buf.data + r->off, r->buf.len - r->off);
		r->buf.len -= r->off;
		vici_wipe(r->buf.data + r->buf.len, r->off);
		r->off = 0;
	}
	vbuf_put(&r->buf, data, len);
	return reader_check_head(r, eb);
}

enum mcr_err mcr_vici_reader_next(struct mcr_vici_reader *r,
				  struct mcr_vici_frame *pkt,
				  struct mcr_errbuf *eb)
{
	enum mcr_err err;
	uint32_t flen;

	pkt->data = NULL;
	pkt->len = 0;
	err = reader_check_head(r, eb);
	if (err != MCR_OK)
		return err;
	if (r->buf.len - r->off < MCR_VICI_HDRLEN)
		return MCR_EAGAIN;
	flen = get32(r->buf.data + r->off);
	if (r->buf.len - r->off - MCR_VICI_HDRLEN < flen)
		return MCR_EAGAIN;
	pkt->data = mcr_malloc(MCR_MT_VICI, flen);
	pkt->len = flen;
	memcpy(pkt->data, r->buf.data + r->off + MCR_VICI_HDRLEN, flen);
	vici_wipe(r->buf.data + r->off, MCR_VICI_HDRLEN + flen);
	r->off += MCR_VICI_HDRLEN + flen;
	if (r->off == r->buf.len)
		r->off = r->buf.len = 0;
	return MCR_OK;
}

size_t mcr_vici_reader_pending(const struct mcr_vici_reader *r)
{
	return r->buf.len - r->off;
}

/* ---------------------------------------------------------------------
 * Parser.
 */
static struct mcr_vici_node *node_new(enum mcr_vici_ntype type,
				      const uint8_t *name, size_t nlen,
				      const uint8_t *value, size_t vlen)
{
	size_t sz = sizeof(struct mcr_vici_node) + nlen + 1 + vlen + 1;
	struct mcr_vici_node *n = mcr_malloc(MCR_MT_VICI, sz);
	char *s = (char *)(n + 1);

	memset(n, 0, sizeof(*n));
	n->type = type;
	n->alloc_ = sz;
	if (nlen)
		memcpy(s, name, nlen);
	s[nlen] = 0;
	n->name = s;
	s += nlen + 1;
	if (vlen)
		memcpy(s, value, vlen);
	s[vlen] = 0;
	n->value = s;
	n->vlen = vlen;
	return n;
}

void mcr_vici_msg_free(struct mcr_vici_msg *m)
{
	if (!m)
		return;
	/* alloc_ is wiped with the node: read the size first. */
	if (m->root) {
		struct mcr_vici_node *n = m->root, *next, *last;

		while (n) {
			size_t sz = n->alloc_;

			if (n->child) {
				for (last = n->child; last->next;
				     last = last->next)
					;
				last->next = n->next;
				n->next = n->child;
				n->child = NULL;
			}
			next = n->next;
			vici_wipe(n, sz);
			mcr_free(MCR_MT_VICI, n, sz);
			n = next;
		}
	}
	mcr_free(MCR_MT_VICI, m, sizeof(*m));
}

/* Parse cursor. */
struct pcur {
	const uint8_t *p;
	size_t len, off;
};

static bool take(struct pcur *c, size_t n, const uint8_t **out)
{
	if (c->len - c->off < n)
		return false;
	*out = c->p + c->off;
	c->off += n;
	return true;
}

static bool take_str8(struct pcur *c, const uint8_t **s, size_t *n)
{
	const uint8_t *l;

	if (!take(c, 1, &l))
		return false;
	*n = l[0];
	return take(c, *n, s);
}

static bool take_blob16(struct pcur *c, const uint8_t **s, size_t *n)
{
	const uint8_t *l;

	if (!take(c, 2, &l))
		return false;
	*n = (size_t)l[0] << 8 | l[1];
	return take(c, *n, s);
}

enum mcr_err mcr_vici_parse(const uint8_t *pkt, size_t len,
			    struct mcr_vici_msg **out, struct mcr_errbuf *eb)
{
	/* stack[i]: open container; tail[i]: its last child so far. */
	struct mcr_vici_node *stack[MCR_VICI_MAX_DEPTH + 2];
	struct mcr_vici_node *tail[MCR_VICI_MAX_DEPTH + 2];
	struct pcur c = {.p = pkt, .len = len, .off = 0};
	struct mcr_vici_msg *m;
	const uint8_t *b, *name, *val;
	size_t nlen, vlen, eoff;
	unsigned depth = 0;
	enum mcr_err err = MCR_OK;

	*out = NULL;
	if (!pkt || len == 0)
		return mcr_error(eb, MCR_EINVAL, "VICI: empty packet");
	if (len > MCR_VICI_MAX_MSGLEN)
		return mcr_error(eb, MCR_EINVAL,
				 "VICI: packet of %zu bytes exceeds %u", len,
				 MCR_VICI_MAX_MSGLEN);
	if (pkt[0] >= MCR_VICI_PTYPE_MAX)
		return mcr_error(eb, MCR_EINVAL, "VICI: unknown packet type %u",
				 pkt[0]);
	m = mcr_calloc(MCR_MT_VICI, 1, sizeof(*m));
	m->type = pkt[0];
	c.off = 1;
	if (ptype_named(m->type)) {
		if (!take_str8(&c, &name, &nlen)) {
			err = mcr_error(eb, MCR_EINVAL,
					"VICI: packet name truncated");
			goto fail;
		}
		memcpy(m->name, name, nlen);
		m->name[nlen] = 0;
	}
	m->root = node_new(MCR_VICI_N_SECTION, NULL, 0, NULL, 0);
	if (!ptype_has_msg(m->type)) {
		if (c.off != len) {
			err = mcr_error(eb, MCR_EINVAL,
					"VICI: %zu stray bytes after packet type %u",
					len - c.off, m->type);
			goto fail;
		}
		*out = m;
		return MCR_OK;
	}
	stack[0] = m->root;
	tail[0] = NULL;
	while (c.off < len) {
		struct mcr_vici_node *parent = stack[depth], *n = NULL;
		bool list = parent->type == MCR_VICI_N_LIST;

		eoff = c.off;
		take(&c, 1, &b);
		switch (b[0]) {
		case MCR_VICI_SECTION_START:
		case MCR_VICI_LIST_START:
			if (!take_str8(&c, &name, &nlen))
				goto truncated;
			if (list) {
				err = mcr_error(eb, MCR_EINVAL,
						"VICI: %s inside a list at offset %zu",
						b[0] == MCR_VICI_LIST_START
							? "list"
							: "section",
						eoff);
				goto fail;
			}
			if (depth >= MCR_VICI_MAX_DEPTH) {
				err = mcr_error(eb, MCR_EINVAL,
						"VICI: nesting deeper than %u at offset %zu",
						MCR_VICI_MAX_DEPTH, eoff);
				goto fail;
			}
			n = node_new(b[0] == MCR_VICI_SECTION_START
					     ? MCR_VICI_N_SECTION
					     : MCR_VICI_N_LIST,
				     name, nlen, NULL, 0);
			break;
		case MCR_VICI_KEY_VALUE:
			if (!take_str8(&c, &name, &nlen) ||
			    !take_blob16(&c, &val, &vlen))
				goto truncated;
			if (list) {
				err = mcr_error(eb, MCR_EINVAL,
						"VICI: key/value inside a list at offset %zu",
						eoff);
				goto fail;
			}
			n = node_new(MCR_VICI_N_KV, name, nlen, val, vlen);
			break;
		case MCR_VICI_LIST_ITEM:
			if (!take_blob16(&c, &val, &vlen))
				goto truncated;
			if (!list) {
				err = mcr_error(eb, MCR_EINVAL,
						"VICI: list item outside a list at offset %zu",
						eoff);
				goto fail;
			}
			n = node_new(MCR_VICI_N_ITEM, NULL, 0, val, vlen);
			break;
		case MCR_VICI_SECTION_END:
		case MCR_VICI_LIST_END:
			if (b[0] == MCR_VICI_LIST_END && !list) {
				err = mcr_error(eb, MCR_EINVAL,
						"VICI: list end outside a list at offset %zu",
						eoff);
				goto fail;
			}
			if (b[0] == MCR_VICI_SECTION_END && list) {
				err = mcr_error(eb, MCR_EINVAL,
						"VICI: section end inside a list at offset %zu",
						eoff);
				goto fail;
			}
			if (depth == 0) {
				err = mcr_error(eb, MCR_EINVAL,
						"VICI: section end without a section at offset %zu",
						eoff);
				goto fail;
			}
			depth--;
			continue;
		default:
			err = mcr_error(eb, MCR_EINVAL,
					"VICI: bad element type %u at offset %zu",
					b[0], eoff);
			goto fail;
		}
		/* Link n as the last child of parent. */
		if (tail[depth])
			tail[depth]->next = n;
		else
			parent->child = n;
		tail[depth] = n;
		if (n->type == MCR_VICI_N_SECTION || n->type == MCR_VICI_N_LIST) {
			depth++;
			stack[depth] = n;
			tail[depth] = NULL;
		}
	}
	if (depth) {
		err = mcr_error(eb, MCR_EINVAL,
				"VICI: message ends inside %s '%s'",
				stack[depth]->type == MCR_VICI_N_LIST ? "list"
								      : "section",
				stack[depth]->name);
		goto fail;
	}
	*out = m;
	return MCR_OK;

truncated:
	err = mcr_error(eb, MCR_EINVAL,
			"VICI: element truncated at offset %zu of %zu", eoff,
			len);
fail:
	mcr_vici_msg_free(m);
	return err;
}

/* ---------------------------------------------------------------------
 * Lookup.
 */
const struct mcr_vici_node *mcr_vici_child(const struct mcr_vici_node *n,
					   const char *name)
{
	if (!n)
		return NULL;
	for (const struct mcr_vici_node *c = n->child; c; c = c->next)
		if (!strcmp(c->name, name))
			return c;
	return NULL;
}

const struct mcr_vici_node *mcr_vici_find(const struct mcr_vici_node *n,
					  const char *path)
{
	char comp[256];

	while (n && *path) {
		const char *slash = strchr(path, '/');
		size_t l = slash ? (size_t)(slash - path) : strlen(path);

		if (l >= sizeof(comp))
			return NULL;
		memcpy(comp, path, l);
		comp[l] = 0;
		n = mcr_vici_child(n, comp);
		path += l;
		if (*path == '/')
			path++;
	}
	return n;
}

const char *mcr_vici_node_get(const struct mcr_vici_node *n, const char *path)
{
	n = mcr_vici_find(n, path);
	return n && n->type == MCR_VICI_N_KV ? n->value : NULL;
}

const char *mcr_vici_get(const struct mcr_vici_msg *m, const char *path)
{
	return mcr_vici_node_get(m->root, path);
}

size_t mcr_vici_count(const struct mcr_vici_node *n)
{
	size_t k = 0;

	for (const struct mcr_vici_node *c = n ? n->child : NULL; c;
	     c = c->next)
		k++;
	return k;
}

/* ---------------------------------------------------------------------
 * Command builders.
 */
static enum mcr_err finish_cmd(struct mcr_vici_builder *b, const char *cmd,
			       struct mcr_vici_frame *out,
			       struct mcr_errbuf *eb)
{
	enum mcr_err err = mcr_vici_encode_cmd(cmd, b, out, eb);

	mcr_vici_builder_free(b);
	return err;
}

static void add_strv(struct mcr_vici_builder *b, const char *name,
		     struct mcr_vici_strv sv)
{
	if (sv.n)
		mcr_vici_add_list(b, name, sv.v, sv.n);
}

static void add_opt(struct mcr_vici_builder *b, const char *key,
		    const char *v)
{
	if (v)
		mcr_vici_add_kv(b, key, v);
}

static void add_u32(struct mcr_vici_builder *b, const char *key, uint32_t v)
{
	if (v)
		mcr_vici_add_kvf(b, key, "%" PRIu32, v);
}

enum mcr_err mcr_vici_cmd_load_conn(const struct mcr_vici_conn_cfg *c,
				    struct mcr_vici_frame *out,
				    struct mcr_errbuf *eb)
{
	struct mcr_vici_builder *b;

	out->data = NULL;
	out->len = 0;
	if (!c->name || !c->name[0])
		return mcr_error(eb, MCR_EINVAL, "load-conn: no name");
	if (c->version > 2)
		return mcr_error(eb, MCR_EINVAL,
				 "load-conn %s: IKE version %u", c->name,
				 c->version);
	for (size_t i = 0; i < c->n_children; i++)
		if (!c->children[i].name || !c->children[i].name[0])
			return mcr_error(eb, MCR_EINVAL,
					 "load-conn %s: child %zu has no name",
					 c->name, i);
	b = mcr_vici_builder_new();
	mcr_vici_begin_section(b, c->name);
	add_u32(b, "version", c->version);
	add_strv(b, "local_addrs", c->local_addrs);
	add_strv(b, "remote_addrs", c->remote_addrs);
	add_strv(b, "proposals", c->proposals);
	add_u32(b, "dpd_delay", c->dpd_delay);
	add_u32(b, "rekey_time", c->rekey_time);
	add_u32(b, "keyingtries", c->keyingtries);

	mcr_vici_begin_section(b, "local");
	mcr_vici_add_kv(b, "auth", c->local_auth ? c->local_auth : "psk");
	add_opt(b, "id", c->local_id);
	mcr_vici_end_section(b);
	mcr_vici_begin_section(b, "remote");
	mcr_vici_add_kv(b, "auth", c->remote_auth ? c->remote_auth : "psk");
	add_opt(b, "id", c->remote_id);
	mcr_vici_end_section(b);

	mcr_vici_begin_section(b, "children");
	for (size_t i = 0; i < c->n_children; i++) {
		const struct mcr_vici_child_cfg *ch = &c->children[i];

		mcr_vici_begin_section(b, ch->name);
		add_strv(b, "local_ts", ch->local_ts);
		add_strv(b, "remote_ts", ch->remote_ts);
		add_strv(b, "esp_proposals", ch->esp_proposals);
		add_opt(b, "mode", ch->mode);
		add_opt(b, "start_action", ch->start_action);
		add_opt(b, "dpd_action", ch->dpd_action);
		add_opt(b, "close_action", ch->close_action);
		add_u32(b, "rekey_time", ch->rekey_time);
		add_u32(b, "life_time", ch->life_time);
		add_u32(b, "if_id_in", ch->if_id_in);
		add_u32(b, "if_id_out", ch->if_id_out);
		mcr_vici_end_section(b);
	}
	mcr_vici_end_section(b); /* children */
	mcr_vici_end_section(b); /* conn */
	return finish_cmd(b, "load-conn", out, eb);
}

enum mcr_err mcr_vici_cmd_load_shared(const char *id, const char *type,
				      const void *data, size_t len,
				      struct mcr_vici_strv owners,
				      struct mcr_vici_frame *out,
				      struct mcr_errbuf *eb)
{
	struct mcr_vici_builder *b;

	out->data = NULL;
	out->len = 0;
	if (!type || !type[0])
		return mcr_error(eb, MCR_EINVAL, "load-shared: no type");
	if (!data || !len)
		return mcr_error(eb, MCR_EINVAL, "load-shared: empty secret");
	b = mcr_vici_builder_new();
	add_opt(b, "id", id);
	mcr_vici_add_kv(b, "type", type);
	mcr_vici_add_kv_blob(b, "data", data, len);
	mcr_vici_add_list(b, "owners", owners.v, owners.n);
	return finish_cmd(b, "load-shared", out, eb);
}

static enum mcr_err cmd_one(const char *cmd, const char *key, const char *v,
			    struct mcr_vici_frame *out, struct mcr_errbuf *eb)
{
	struct mcr_vici_builder *b;

	out->data = NULL;
	out->len = 0;
	if (!v || !v[0])
		return mcr_error(eb, MCR_EINVAL, "%s: no %s", cmd, key);
	b = mcr_vici_builder_new();
	mcr_vici_add_kv(b, key, v);
	return finish_cmd(b, cmd, out, eb);
}

enum mcr_err mcr_vici_cmd_unload_conn(const char *name,
				      struct mcr_vici_frame *out,
				      struct mcr_errbuf *eb)
{
	return cmd_one("unload-conn", "name", name, out, eb);
}

enum mcr_err mcr_vici_cmd_unload_shared(const char *id,
					struct mcr_vici_frame *out,
					struct mcr_errbuf *eb)
{
	return cmd_one("unload-shared", "id", id, out, eb);
}

enum mcr_err mcr_vici_cmd_initiate(const char *child, const char *ike,
				   int timeout_ms, bool init_limits,
				   struct mcr_vici_frame *out,
				   struct mcr_errbuf *eb)
{
	struct mcr_vici_builder *b;

	out->data = NULL;
	out->len = 0;
	if (!child || !child[0])
		return mcr_error(eb, MCR_EINVAL, "initiate: no child");
	b = mcr_vici_builder_new();
	mcr_vici_add_kv(b, "child", child);
	add_opt(b, "ike", ike);
	mcr_vici_add_kvf(b, "timeout", "%d", timeout_ms);
	mcr_vici_add_kv(b, "init-limits", init_limits ? "yes" : "no");
	return finish_cmd(b, "initiate", out, eb);
}

enum mcr_err mcr_vici_cmd_terminate(const struct mcr_vici_terminate *t,
				    struct mcr_vici_frame *out,
				    struct mcr_errbuf *eb)
{
	struct mcr_vici_builder *b;

	out->data = NULL;
	out->len = 0;
	if (!t->ike && !t->child && !t->ike_id && !t->child_id)
		return mcr_error(eb, MCR_EINVAL,
				 "terminate: no ike, child, ike-id or child-id");
	b = mcr_vici_builder_new();
	add_opt(b, "child", t->child);
	add_opt(b, "ike", t->ike);
	add_u32(b, "child-id", t->child_id);
	add_u32(b, "ike-id", t->ike_id);
	if (t->force)
		mcr_vici_add_kv(b, "force", "yes");
	if (t->timeout_ms)
		mcr_vici_add_kvf(b, "timeout", "%d", t->timeout_ms);
	return finish_cmd(b, "terminate", out, eb);
}

enum mcr_err mcr_vici_cmd_list_sas(const char *ike, bool noblock,
				   struct mcr_vici_frame *out,
				   struct mcr_errbuf *eb)
{
	struct mcr_vici_builder *b = mcr_vici_builder_new();

	if (noblock)
		mcr_vici_add_kv(b, "noblock", "yes");
	add_opt(b, "ike", ike);
	return finish_cmd(b, "list-sas", out, eb);
}

enum mcr_err mcr_vici_cmd_version(struct mcr_vici_frame *out,
				  struct mcr_errbuf *eb)
{
	return mcr_vici_encode_cmd("version", NULL, out, eb);
}

/* ---------------------------------------------------------------------
 * Decoders.
 */
enum mcr_err mcr_vici_response_check(const struct mcr_vici_msg *m,
				     struct mcr_errbuf *eb)
{
	const char *ok, *msg;

	switch (m->type) {
	case MCR_VICI_CMD_RESPONSE:
		ok = mcr_vici_get(m, "success");
		if (!ok || !strcmp(ok, "yes"))
			return MCR_OK;
		msg = mcr_vici_get(m, "errmsg");
		return mcr_error(eb, MCR_EIO, "charon: %s",
				 msg && msg[0] ? msg : "command failed");
	case MCR_VICI_CMD_UNKNOWN:
		return mcr_error(eb, MCR_EUNSUPP,
				 "charon does not know the command");
	case MCR_VICI_EVENT_CONFIRM:
		return MCR_OK;
	case MCR_VICI_EVENT_UNKNOWN:
		return mcr_error(eb, MCR_EUNSUPP,
				 "charon does not know the event");
	default:
		return mcr_error(eb, MCR_EINVAL,
				 "VICI: packet type %u is not a response",
				 m->type);
	}
}

static enum mcr_err copy_str(char *dst, size_t size, const char *src,
			     const char *what, struct mcr_errbuf *eb)
{
	size_t l = strlen(src);

	if (l >= size)
		return mcr_error(eb, MCR_EINVAL, "VICI: %s too long (%zu)",
				 what, l);
	memcpy(dst, src, l + 1);
	return MCR_OK;
}

/* Decimal u64 from @n's @key; absent keys leave *v and return false. */
static enum mcr_err get_u64(const struct mcr_vici_node *n, const char *key,
			    uint64_t max, uint64_t *v, bool *present,
			    struct mcr_errbuf *eb)
{
	const char *s = mcr_vici_node_get(n, key);
	uint64_t x = 0;

	if (present)
		*present = false;
	if (!s)
		return MCR_OK;
	if (!*s)
		goto bad;
	for (const char *p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			goto bad;
		if (x > (max - (uint64_t)(*p - '0')) / 10)
			goto bad;
		x = x * 10 + (uint64_t)(*p - '0');
	}
	*v = x;
	if (present)
		*present = true;
	return MCR_OK;
bad:
	return mcr_error(eb, MCR_EINVAL, "VICI: bad number for %s: '%.32s'",
			 key, s);
}

static enum mcr_err get_u32(const struct mcr_vici_node *n, const char *key,
			    uint32_t *v, struct mcr_errbuf *eb)
{
	uint64_t x = 0;
	enum mcr_err err = get_u64(n, key, UINT32_MAX, &x, NULL, eb);

	if (err == MCR_OK)
		*v = (uint32_t)x;
	return err;
}

static enum mcr_err decode_ike(const struct mcr_vici_node *sec,
			       const char *name, struct mcr_vici_ike_info *ike,
			       struct mcr_errbuf *eb)
{
	enum mcr_err err;
	const char *s;

	memset(ike, 0, sizeof(*ike));
	err = copy_str(ike->name, sizeof(ike->name), name, "IKE name", eb);
	if (err != MCR_OK)
		return err;
	if ((s = mcr_vici_node_get(sec, "state")) &&
	    (err = copy_str(ike->state, sizeof(ike->state), s, "IKE state",
			    eb)) != MCR_OK)
		return err;
	if ((s = mcr_vici_node_get(sec, "local-host")) &&
	    (err = copy_str(ike->local_host, sizeof(ike->local_host), s,
			    "local-host", eb)) != MCR_OK)
		return err;
	if ((s = mcr_vici_node_get(sec, "remote-host")) &&
	    (err = copy_str(ike->remote_host, sizeof(ike->remote_host), s,
			    "remote-host", eb)) != MCR_OK)
		return err;
	err = get_u32(sec, "uniqueid", &ike->uniqueid, eb);
	if (err != MCR_OK)
		return err;
	return get_u64(sec, "established", UINT64_MAX, &ike->established,
		       &ike->has_established, eb);
}

static enum mcr_err decode_child(const struct mcr_vici_node *sec,
				 struct mcr_vici_child_info *ch,
				 struct mcr_errbuf *eb)
{
	const char *s = mcr_vici_node_get(sec, "name");
	enum mcr_err err;

	memset(ch, 0, sizeof(*ch));
	/* Newer charons name the section "<child>-<uniqueid>" and put the
	 * config name in a "name" key. */
	err = copy_str(ch->name, sizeof(ch->name), s ? s : sec->name,
		       "CHILD name", eb);
	if (err != MCR_OK)
		return err;
	if ((s = mcr_vici_node_get(sec, "state")) &&
	    (err = copy_str(ch->state, sizeof(ch->state), s, "CHILD state",
			    eb)) != MCR_OK)
		return err;
	if ((err = get_u32(sec, "uniqueid", &ch->uniqueid, eb)) != MCR_OK ||
	    (err = get_u32(sec, "reqid", &ch->reqid, eb)) != MCR_OK ||
	    (err = get_u64(sec, "install-time", UINT64_MAX, &ch->install_time,
			   NULL, eb)) != MCR_OK ||
	    (err = get_u64(sec, "bytes-in", UINT64_MAX, &ch->bytes_in, NULL,
			   eb)) != MCR_OK ||
	    (err = get_u64(sec, "bytes-out", UINT64_MAX, &ch->bytes_out, NULL,
			   eb)) != MCR_OK)
		return err;
	return MCR_OK;
}

static void add_child(struct mcr_vici_sa_event *ev,
		      const struct mcr_vici_child_info *ch)
{
	if (ev->n_children < MCR_VICI_MAX_CHILDREN)
		ev->children[ev->n_children++] = *ch;
	else
		ev->children_dropped++;
}

enum mcr_err mcr_vici_decode_sa_event(const struct mcr_vici_msg *m,
				      struct mcr_vici_sa_event *ev,
				      struct mcr_errbuf *eb)
{
	const struct mcr_vici_node *ike = NULL, *kids, *c;
	struct mcr_vici_child_info ch;
	enum mcr_err err;
	const char *up;

	memset(ev, 0, sizeof(*ev));
	if (m->type != MCR_VICI_EVENT)
		return mcr_error(eb, MCR_EINVAL,
				 "VICI: packet type %u is not an event",
				 m->type);
	if (!strcmp(m->name, "ike-updown"))
		ev->type = MCR_VICI_EV_IKE_UPDOWN;
	else if (!strcmp(m->name, "child-updown"))
		ev->type = MCR_VICI_EV_CHILD_UPDOWN;
	else if (!strcmp(m->name, "ike-rekey"))
		ev->type = MCR_VICI_EV_IKE_REKEY;
	else if (!strcmp(m->name, "child-rekey"))
		ev->type = MCR_VICI_EV_CHILD_REKEY;
	else if (!strcmp(m->name, "list-sa"))
		ev->type = MCR_VICI_EV_LIST_SA;
	else
		return mcr_error(eb, MCR_ENOENT, "VICI: event '%s' not decoded",
				 m->name);

	/* The IKE_SA is the (first) section at the root. */
	for (c = m->root->child; c; c = c->next)
		if (c->type == MCR_VICI_N_SECTION) {
			ike = c;
			break;
		}
	if (!ike)
		return mcr_error(eb, MCR_EINVAL,
				 "VICI: %s event without an IKE_SA section",
				 m->name);
	up = mcr_vici_get(m, "up");
	ev->up = up && !strcmp(up, "yes");

	if (ev->type == MCR_VICI_EV_IKE_REKEY) {
		const struct mcr_vici_node *o = mcr_vici_child(ike, "old");
		const struct mcr_vici_node *n = mcr_vici_child(ike, "new");

		if (!o || !n || o->type != MCR_VICI_N_SECTION ||
		    n->type != MCR_VICI_N_SECTION)
			return mcr_error(eb, MCR_EINVAL,
					 "VICI: ike-rekey without old/new sections");
		err = get_u32(o, "uniqueid", &ev->old_ike_uniqueid, eb);
		if (err != MCR_OK)
			return err;
		return decode_ike(n, ike->name, &ev->ike, eb);
	}
	err = decode_ike(ike, ike->name, &ev->ike, eb);
	if (err != MCR_OK)
		return err;

	kids = mcr_vici_child(ike, "child-sas");
	if (kids && kids->type != MCR_VICI_N_SECTION)
		return mcr_error(eb, MCR_EINVAL,
				 "VICI: child-sas is not a section");
	for (c = kids ? kids->child : NULL; c; c = c->next) {
		if (c->type != MCR_VICI_N_SECTION)
			continue;
		if (ev->type == MCR_VICI_EV_CHILD_REKEY) {
			const struct mcr_vici_node *o, *n;

			o = mcr_vici_child(c, "old");
			n = mcr_vici_child(c, "new");
			if (!o || !n || o->type != MCR_VICI_N_SECTION ||
			    n->type != MCR_VICI_N_SECTION)
				return mcr_error(eb, MCR_EINVAL,
						 "VICI: child-rekey without old/new sections");
			err = decode_child(o, &ev->old_child, eb);
			if (err != MCR_OK)
				return err;
			/* The config name is the section's in old charons. */
			if (!mcr_vici_node_get(o, "name"))
				copy_str(ev->old_child.name,
					 sizeof(ev->old_child.name), c->name,
					 "CHILD name", NULL);
			err = decode_child(n, &ch, eb);
			if (err != MCR_OK)
				return err;
			if (!mcr_vici_node_get(n, "name"))
				copy_str(ch.name, sizeof(ch.name), c->name,
					 "CHILD name", NULL);
			add_child(ev, &ch);
			break;
		}
		err = decode_child(c, &ch, eb);
		if (err != MCR_OK)
			return err;
		add_child(ev, &ch);
	}
	if ((ev->type == MCR_VICI_EV_CHILD_UPDOWN ||
	     ev->type == MCR_VICI_EV_CHILD_REKEY) &&
	    !ev->n_children)
		return mcr_error(eb, MCR_EINVAL, "VICI: %s event without a CHILD_SA",
				 m->name);
	return MCR_OK;
}
