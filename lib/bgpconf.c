/*
 * libmcr bgpd policy rendering, parsing and diffing (see mcr/bgpconf.h).
 *
 * A configuration set is a sorted array of (phase, context, line).  The
 * phase orders object kinds for make-before-break (prefix-lists 1,
 * route-maps 2, bgp 3); sorting by (phase, context, line) makes the diff
 * a merge of two sorted arrays, O(n + m) after O(n log n) sorting, and
 * emits additions in ascending and removals in descending order.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mcr/bgpconf.h"
#include "mcr/mem.h"

enum bc_phase {
	BC_PLIST = 1,
	BC_RMAP = 2,
	BC_BGP = 3,
};

struct bc_line {
	uint8_t phase;
	char *ctx;
	char *line;
};

/* Invariant: when !dirty, v[0..n) is sorted by bc_cmp with no duplicates. */
struct mcr_bgpconf {
	struct bc_line *v;
	size_t n, cap;
	bool dirty;
};

static const char *const aspath_names[] = {
	[MCR_ASPATH_PRESERVE] = "preserve",
	[MCR_ASPATH_EXCLUDE_PROVIDER] = "exclude-provider-asn",
	[MCR_ASPATH_REPLACE_LOCAL] = "replace-with-local",
};

const char *mcr_aspath_mode_name(enum mcr_aspath_mode m)
{
	if ((unsigned)m > MCR_ASPATH_REPLACE_LOCAL)
		return "?";
	return aspath_names[m];
}

enum mcr_err mcr_aspath_mode_parse(const char *s, enum mcr_aspath_mode *out,
				   struct mcr_errbuf *eb)
{
	for (unsigned i = 0; i <= MCR_ASPATH_REPLACE_LOCAL; i++)
		if (strcmp(s, aspath_names[i]) == 0) {
			*out = i;
			return MCR_OK;
		}
	return mcr_error(eb, MCR_EINVAL, "unknown AS-path mode \"%s\"", s);
}

struct mcr_bgpconf *mcr_bgpconf_new(void)
{
	return mcr_calloc(MCR_MT_EXPORT, 1, sizeof(struct mcr_bgpconf));
}

void mcr_bgpconf_clear(struct mcr_bgpconf *c)
{
	for (size_t i = 0; i < c->n; i++) {
		mcr_strfree(MCR_MT_EXPORT, c->v[i].ctx);
		mcr_strfree(MCR_MT_EXPORT, c->v[i].line);
	}
	c->n = 0;
	c->dirty = false;
}

void mcr_bgpconf_free(struct mcr_bgpconf *c)
{
	if (!c)
		return;
	mcr_bgpconf_clear(c);
	mcr_free(MCR_MT_EXPORT, c->v, c->cap * sizeof(*c->v));
	mcr_free(MCR_MT_EXPORT, c, sizeof(*c));
}

static int bc_cmp(const void *a, const void *b)
{
	const struct bc_line *x = a, *y = b;
	int r;

	if (x->phase != y->phase)
		return x->phase < y->phase ? -1 : 1;
	r = strcmp(x->ctx, y->ctx);
	if (r)
		return r;
	return strcmp(x->line, y->line);
}

static void bc_sort(struct mcr_bgpconf *c)
{
	size_t w = 0;

	if (!c->dirty)
		return;
	qsort(c->v, c->n, sizeof(*c->v), bc_cmp);
	for (size_t i = 0; i < c->n; i++) {
		if (w && bc_cmp(&c->v[w - 1], &c->v[i]) == 0) {
			mcr_strfree(MCR_MT_EXPORT, c->v[i].ctx);
			mcr_strfree(MCR_MT_EXPORT, c->v[i].line);
			continue;
		}
		c->v[w++] = c->v[i];
	}
	c->n = w;
	c->dirty = false;
}

size_t mcr_bgpconf_count(const struct mcr_bgpconf *c)
{
	bc_sort((struct mcr_bgpconf *)c);
	return c->n;
}

static uint8_t bc_phase(const char *ctx, const char *line)
{
	if (strncmp(ctx, "router bgp", 10) == 0)
		return BC_BGP;
	if (strncmp(ctx, "route-map ", 10) == 0 ||
	    strncmp(line, "route-map ", 10) == 0)
		return BC_RMAP;
	return BC_PLIST;
}

void mcr_bgpconf_add(struct mcr_bgpconf *c, const char *ctx,
		     const char *line)
{
	if (c->n == c->cap) {
		size_t ncap = c->cap ? c->cap * 2 : 32;

		c->v = mcr_realloc(MCR_MT_EXPORT, c->v, c->cap * sizeof(*c->v),
				   ncap * sizeof(*c->v));
		c->cap = ncap;
	}
	c->v[c->n].phase = bc_phase(ctx, line);
	c->v[c->n].ctx = mcr_strdup(MCR_MT_EXPORT, ctx);
	c->v[c->n].line = mcr_strdup(MCR_MT_EXPORT, line);
	c->n++;
	c->dirty = true;
}

static void bc_addf(struct mcr_bgpconf *c, const char *ctx, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));
static void bc_addf(struct mcr_bgpconf *c, const char *ctx, const char *fmt,
		    ...)
{
	char line[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	mcr_bgpconf_add(c, ctx, line);
}

static bool bc_name_ok(const char *s)
{
	if (!s || !*s || strlen(s) > 48)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '-' || *s == '_' ||
		      *s == '.'))
			return false;
	return true;
}

enum mcr_err mcr_bgpconf_render(struct mcr_bgpconf *c, uint32_t local_as,
				const struct mcr_bgpconf_attach *a,
				struct mcr_errbuf *eb)
{
	char rm[80], pl[2][80], set[512] = "", bgp[2][96], buf[64];
	size_t off = 0;

	if (!bc_name_ok(a->name))
		return mcr_error(eb, MCR_EINVAL,
				 "attachment name \"%s\" cannot name bgpd objects",
				 a->name ? a->name : "");
	if (!local_as)
		return mcr_error(eb, MCR_EINVAL, "local AS unknown");

	snprintf(rm, sizeof(rm), MCR_BGP_OBJ_PREFIX "%s", a->name);
	snprintf(pl[0], sizeof(pl[0]), MCR_BGP_OBJ_PREFIX "%s-v4", a->name);
	snprintf(pl[1], sizeof(pl[1]), MCR_BGP_OBJ_PREFIX "%s-v6", a->name);
	snprintf(bgp[0], sizeof(bgp[0]),
		 "router bgp %u\naddress-family ipv4 unicast", local_as);
	snprintf(bgp[1], sizeof(bgp[1]),
		 "router bgp %u\naddress-family ipv6 unicast", local_as);

	for (size_t i = 0; i < a->nexport; i++) {
		const struct mcr_prefix *p = &a->export[i];
		bool v6 = p->family == MCR_AF_INET6;

		bc_addf(c, "", "%s prefix-list %s permit %s",
			v6 ? "ipv6" : "ip", pl[v6],
			mcr_prefix2str(p, buf, sizeof(buf)));
	}

	if (a->mode == MCR_ASPATH_EXCLUDE_PROVIDER && a->nexclude) {
		off = (size_t)snprintf(set, sizeof(set), "set as-path exclude");
		for (size_t i = 0; i < a->nexclude && off < sizeof(set); i++)
			off += (size_t)snprintf(set + off, sizeof(set) - off,
						" %u", a->exclude_asn[i]);
	}
	for (int f = 0; f < 2; f++) {
		char hdr[128];

		snprintf(hdr, sizeof(hdr), "route-map %s permit %d", rm,
			 10 * (f + 1));
		mcr_bgpconf_add(c, "", hdr);
		bc_addf(c, hdr, "match %s address prefix-list %s",
			f ? "ipv6" : "ip", pl[f]);
		if (set[0])
			mcr_bgpconf_add(c, hdr, set);
	}

	for (size_t i = 0; i < a->nneighbors; i++) {
		const struct mcr_addr *n = &a->neighbors[i];
		int f = n->family == MCR_AF_INET6;
		char nb[MCR_ADDR_STRLEN];

		mcr_addr2str(n, nb, sizeof(nb));
		bc_addf(c, bgp[f], "neighbor %s route-map %s out", nb, rm);
		if (a->out_limit[f])
			bc_addf(c, bgp[f], "neighbor %s maximum-prefix-out %u",
				nb, a->out_limit[f]);
		if (a->mode == MCR_ASPATH_REPLACE_LOCAL) {
			/* private ASNs become ours; bgpd leaves a path alone
			 * when it holds the peer's own AS (two DX circuits on
			 * 64512), which as-override replaces */
			bc_addf(c, bgp[f],
				"neighbor %s remove-private-AS all replace-AS",
				nb);
			bc_addf(c, bgp[f], "neighbor %s as-override", nb);
		}
	}
	return MCR_OK;
}

void mcr_bgpconf_render_redistribute(struct mcr_bgpconf *c,
				     uint32_t local_as)
{
	char ctx[96];

	snprintf(ctx, sizeof(ctx), "router bgp %u\naddress-family ipv4 unicast",
		 local_as);
	mcr_bgpconf_add(c, ctx, "redistribute mcr");
	snprintf(ctx, sizeof(ctx), "router bgp %u\naddress-family ipv6 unicast",
		 local_as);
	mcr_bgpconf_add(c, ctx, "redistribute mcr");
}

/* ---- parsing bgpd's running-config -------------------------------- */

static bool bc_owned_name(const char *line, const char *kw)
{
	size_t n = strlen(kw);

	return strncmp(line, kw, n) == 0 &&
	       strncmp(line + n, MCR_BGP_OBJ_PREFIX,
		       strlen(MCR_BGP_OBJ_PREFIX)) == 0;
}

/* "ip prefix-list X seq 5 permit P" -> "ip prefix-list X permit P" */
static void bc_strip_seq(char *line)
{
	char *s = strstr(line, " seq ");
	char *e;

	if (!s)
		return;
	e = s + 5;
	while (*e >= '0' && *e <= '9')
		e++;
	memmove(s, e, strlen(e) + 1);
}

/* Neighbors that have an mcr-* route-map in @ctx (the lines parsed so far
 * for that context): their maximum-prefix-out / remove-private-AS lines
 * are ours too. */
static bool bc_neighbor_managed(struct mcr_bgpconf *c, const char *ctx,
				const char *nb)
{
	char want[160];

	snprintf(want, sizeof(want), "neighbor %s route-map " MCR_BGP_OBJ_PREFIX,
		 nb);
	for (size_t i = 0; i < c->n; i++)
		if (strcmp(c->v[i].ctx, ctx) == 0 &&
		    strncmp(c->v[i].line, want, strlen(want)) == 0)
			return true;
	return false;
}

void mcr_bgpconf_parse(struct mcr_bgpconf *c, const char *text)
{
	char top[512] = "", af[96] = "", ctx[640], line[512];
	/* neighbor lines of a bgp context, resolved once its block ends */
	struct {
		char ctx[640], line[512], nb[64];
	} *pend = NULL;
	size_t npend = 0, cappend = 0;
	bool in_rmap = false, in_bgp = false, owned_rmap = false;
	const char *p = text;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) : strlen(p);
		const char *s;
		int indent = 0;

		if (len >= sizeof(line))
			len = sizeof(line) - 1;
		memcpy(line, p, len);
		line[len] = '\0';
		while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
			line[--len] = '\0';
		p = e ? e + 1 : p + strlen(p);
		while (line[indent] == ' ')
			indent++;
		s = line + indent;
		if (!*s || *s == '!')
			continue;

		if (indent == 0) {
			in_rmap = in_bgp = false;
			af[0] = '\0';
			if (strcmp(s, "exit") == 0 || strcmp(s, "end") == 0)
				continue;
			if (strncmp(s, "route-map ", 10) == 0) {
				in_rmap = true;
				owned_rmap = bc_owned_name(s, "route-map ");
				snprintf(top, sizeof(top), "%s", s);
				if (owned_rmap)
					mcr_bgpconf_add(c, "", s);
				continue;
			}
			if (strncmp(s, "router bgp ", 11) == 0 &&
			    !strstr(s, " vrf ")) {
				in_bgp = true;
				snprintf(top, sizeof(top), "%s", s);
				continue;
			}
			if (bc_owned_name(s, "ip prefix-list ") ||
			    bc_owned_name(s, "ipv6 prefix-list ")) {
				bc_strip_seq(line);
				mcr_bgpconf_add(c, "", line);
			}
			continue;
		}
		if (in_rmap) {
			if (owned_rmap && strcmp(s, "exit") != 0)
				mcr_bgpconf_add(c, top, s);
			continue;
		}
		if (!in_bgp)
			continue;
		if (strncmp(s, "address-family ", 15) == 0) {
			snprintf(af, sizeof(af), "%s", s);
			continue;
		}
		if (strcmp(s, "exit-address-family") == 0) {
			af[0] = '\0';
			continue;
		}
		if (af[0])
			snprintf(ctx, sizeof(ctx), "%s\n%s", top, af);
		else
			snprintf(ctx, sizeof(ctx), "%s", top);
		if (strstr(s, " route-map " MCR_BGP_OBJ_PREFIX) ||
		    strcmp(s, "redistribute mcr") == 0) {
			mcr_bgpconf_add(c, ctx, s);
		} else if (strncmp(s, "neighbor ", 9) == 0 &&
			   (strstr(s, " maximum-prefix-out ") ||
			    strstr(s, " remove-private-AS all replace-AS") ||
			    strstr(s, " as-override"))) {
			if (npend == cappend) {
				size_t nc = cappend ? cappend * 2 : 8;

				pend = mcr_realloc(MCR_MT_MISC, pend,
						   cappend * sizeof(*pend),
						   nc * sizeof(*pend));
				cappend = nc;
			}
			snprintf(pend[npend].ctx, sizeof(pend[npend].ctx), "%s",
				 ctx);
			snprintf(pend[npend].line, sizeof(pend[npend].line),
				 "%s", s);
			sscanf(s + 9, "%63s", pend[npend].nb);
			npend++;
		}
	}
	for (size_t i = 0; i < npend; i++)
		if (bc_neighbor_managed(c, pend[i].ctx, pend[i].nb))
			mcr_bgpconf_add(c, pend[i].ctx, pend[i].line);
	mcr_free(MCR_MT_MISC, pend, cappend * sizeof(*pend));
	bc_sort(c);
}

void mcr_bgpconf_drop_if(struct mcr_bgpconf *c,
			 bool (*pred)(const char *ctx, const char *line,
				      void *arg),
			 void *arg)
{
	size_t w = 0;

	for (size_t i = 0; i < c->n; i++) {
		if (pred(c->v[i].ctx, c->v[i].line, arg)) {
			mcr_strfree(MCR_MT_EXPORT, c->v[i].ctx);
			mcr_strfree(MCR_MT_EXPORT, c->v[i].line);
			continue;
		}
		c->v[w++] = c->v[i];
	}
	c->n = w;
}

static bool word_end(const char *p)
{
	return *p == '\0' || *p == ' ' || *p == '\n';
}

bool mcr_bgpconf_names_attach(const char *text, const char *name)
{
	char obj[80];
	size_t n;

	n = (size_t)snprintf(obj, sizeof(obj), MCR_BGP_OBJ_PREFIX "%s", name);
	for (const char *p = strstr(text, obj); p; p = strstr(p + 1, obj)) {
		const char *e = p + n;

		if (p != text && p[-1] != ' ' && p[-1] != '\n')
			continue;
		if (word_end(e) ||
		    ((strncmp(e, "-v4", 3) == 0 || strncmp(e, "-v6", 3) == 0) &&
		     word_end(e + 3)))
			return true;
	}
	return false;
}

/* ---- diff and text output ------------------------------------------ */

struct bc_out {
	char *buf;
	size_t len, cap;
};

static void out_add(struct bc_out *o, const char *s)
{
	size_t n = strlen(s) + 1;

	if (o->len + n + 1 > o->cap) {
		size_t nc = o->cap ? o->cap * 2 : 1024;

		while (nc < o->len + n + 1)
			nc *= 2;
		o->buf = mcr_realloc(MCR_MT_MISC, o->buf, o->cap, nc);
		o->cap = nc;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
}

/* Enter @ctx (from CONFIG), one command per '\n'-separated level. */
static void out_enter(struct bc_out *o, const char *ctx)
{
	char tmp[256];
	const char *p = ctx;

	while (*p) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);

		if (n >= sizeof(tmp))
			n = sizeof(tmp) - 1;
		memcpy(tmp, p, n);
		tmp[n] = '\0';
		out_add(o, tmp);
		p += n + (e ? 1 : 0);
	}
}

static void out_line(struct bc_out *o, const char **cur, const struct bc_line *l,
		     bool remove)
{
	char tmp[600];

	if (!*cur || strcmp(*cur, l->ctx) != 0) {
		if (*cur && **cur) {
			out_add(o, "end");
			out_add(o, "configure terminal");
		}
		out_enter(o, l->ctx);
		*cur = l->ctx;
	}
	if (remove) {
		snprintf(tmp, sizeof(tmp), "no %s", l->line);
		out_add(o, tmp);
	} else {
		out_add(o, l->line);
	}
}

static void out_finish(struct bc_out *o, const char *cur, char **out,
		       size_t *outlen)
{
	if (cur && *cur) {
		out_add(o, "end");
		out_add(o, "configure terminal");
	}
	out_add(o, "");
	*out = o->buf;
	*outlen = o->cap;
}

size_t mcr_bgpconf_diff(struct mcr_bgpconf *have, struct mcr_bgpconf *want,
			char **out, size_t *outlen)
{
	struct bc_out o = {0};
	const char *cur = NULL;
	size_t changes = 0, i, j;
	bool *gone;

	bc_sort(have);
	bc_sort(want);
	gone = mcr_calloc(MCR_MT_MISC, have->n + 1, sizeof(bool));
	/* additions ascending; mark removals */
	for (i = 0, j = 0; i < have->n || j < want->n;) {
		int r = i == have->n   ? 1
			: j == want->n ? -1
				       : bc_cmp(&have->v[i], &want->v[j]);

		if (r == 0) {
			i++;
			j++;
		} else if (r < 0) {
			gone[i++] = true;
		} else {
			out_line(&o, &cur, &want->v[j++], false);
			changes++;
		}
	}
	/* removals descending */
	for (i = have->n; i-- > 0;) {
		if (!gone[i])
			continue;
		out_line(&o, &cur, &have->v[i], true);
		changes++;
	}
	mcr_free(MCR_MT_MISC, gone, (have->n + 1) * sizeof(bool));
	out_finish(&o, cur, out, outlen);
	return changes;
}

void mcr_bgpconf_script_free(char *script, size_t len)
{
	mcr_free(MCR_MT_MISC, script, len);
}

size_t mcr_bgpconf_text(struct mcr_bgpconf *c, char **out, size_t *outlen)
{
	struct bc_out o = {0};
	const char *cur = NULL;
	char tmp[700];

	bc_sort(c);
	/* group by context: top-level lines first, then each block */
	for (size_t pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < c->n; i++) {
			const struct bc_line *l = &c->v[i];

			if ((pass == 0) != (l->ctx[0] == '\0'))
				continue;
			/* a route-map entry is shown as its block */
			if (pass == 0 && strncmp(l->line, "route-map ", 10) == 0)
				continue;
			if (pass == 1 && (!cur || strcmp(cur, l->ctx))) {
				const char *p = l->ctx;
				int depth = 0;

				if (cur && strchr(cur, '\n'))
					out_add(&o, " exit-address-family");
				if (cur)
					out_add(&o, "exit");
				while (*p) {
					const char *e = strchr(p, '\n');
					size_t n = e ? (size_t)(e - p)
						     : strlen(p);

					snprintf(tmp, sizeof(tmp), "%*s%.*s",
						 depth, "", (int)n, p);
					out_add(&o, tmp);
					depth++;
					p += n + (e ? 1 : 0);
				}
				cur = l->ctx;
			}
			snprintf(tmp, sizeof(tmp), "%s%s",
				 pass == 0 ? "" : strchr(l->ctx, '\n') ? "  " : " ",
				 l->line);
			out_add(&o, tmp);
		}
	if (cur && strchr(cur, '\n'))
		out_add(&o, " exit-address-family");
	if (cur)
		out_add(&o, "exit");
	out_add(&o, "");
	*out = o.buf;
	*outlen = o.cap;
	return c->n;
}
