/*
 * libmcr bgpd policy: what mcrouted asks bgpd to do, as configuration.
 *
 * bgpd is the only BGP speaker; mcrouted reaches it with configuration
 * objects named "mcr-*" (prefix-lists and route-maps) and a few neighbor
 * settings, rendered here from each attachment's export and AS-path mode.
 * A struct mcr_bgpconf is a set of configuration lines, each with the
 * context (node path) it lives in; mcr_bgpconf_diff() turns the set bgpd
 * has into the set wanted with make-before-break ordering:
 *
 *   1. new prefix-list entries, 2. new route-map lines, 3. new bgp lines;
 *   then removals in reverse: 4. bgp lines, 5. route-map lines,
 *   6. prefix-list entries.
 *
 * So a prefix is permitted before a route-map refers to it, and a
 * neighbor's route-map changes only once its lists are complete: bgpd
 * never sees an empty or half-built filter, and no session is reset.
 *
 * Contexts are node paths separated by '\n', e.g.
 * "router bgp 65000\naddress-family ipv4 unicast"; "" is the top level.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_BGPCONF_H
#define MCR_BGPCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mcr/error.h"
#include "mcr/prefix.h"

/* Prefix of every object mcrouted owns in bgpd. */
#define MCR_BGP_OBJ_PREFIX "mcr-"

enum mcr_aspath_mode {
	MCR_ASPATH_PRESERVE = 0,
	MCR_ASPATH_EXCLUDE_PROVIDER,	/* set as-path exclude <other clouds> */
	MCR_ASPATH_REPLACE_LOCAL,	/* remove-private-AS + as-override */
};

const char *mcr_aspath_mode_name(enum mcr_aspath_mode m);
enum mcr_err mcr_aspath_mode_parse(const char *s, enum mcr_aspath_mode *out,
				   struct mcr_errbuf *eb);

/* What bgpd must do for one attachment. */
struct mcr_bgpconf_attach {
	const char *name;		/* attachment name (object names) */
	const struct mcr_addr *neighbors; /* its BGP neighbors */
	size_t nneighbors;
	enum mcr_aspath_mode mode;
	const uint32_t *exclude_asn;	/* ASNs to strip (EXCLUDE_PROVIDER) */
	size_t nexclude;
	uint32_t out_limit[2];		/* [0] IPv4, [1] IPv6; 0 = none */
	const struct mcr_prefix *export; /* what it is sent, any order */
	size_t nexport;
};

struct mcr_bgpconf;

struct mcr_bgpconf *mcr_bgpconf_new(void);
void mcr_bgpconf_free(struct mcr_bgpconf *c);
void mcr_bgpconf_clear(struct mcr_bgpconf *c);
size_t mcr_bgpconf_count(const struct mcr_bgpconf *c);

/* Add one line (duplicates are ignored).  O(1) amortized; the set is
 * sorted lazily. */
void mcr_bgpconf_add(struct mcr_bgpconf *c, const char *ctx,
		     const char *line);

/*
 * Render attachment @a under "router bgp @local_as" into @c: prefix-lists
 * mcr-<name>-v4/-v6 permitting exactly the export, route-map mcr-<name>
 * (match per family, AS-path settings), and per neighbor the outbound
 * route-map, maximum-prefix-out and, for REPLACE_LOCAL,
 * remove-private-AS all replace-AS and as-override.  An empty export still gets its
 * route-map (deny all), so nothing leaks while it is empty.
 * MCR_EINVAL: bad name or local AS 0.  O(n log n) in the export size.
 */
enum mcr_err mcr_bgpconf_render(struct mcr_bgpconf *c, uint32_t local_as,
				const struct mcr_bgpconf_attach *a,
				struct mcr_errbuf *eb);

/* Add "redistribute mcr" for both families under router bgp @local_as:
 * how summaries (routes bgpd does not have) reach bgpd. */
void mcr_bgpconf_render_redistribute(struct mcr_bgpconf *c,
				     uint32_t local_as);

/*
 * Parse bgpd's "show running-config" text and keep the lines mcrouted
 * owns: everything inside mcr-* prefix-lists and route-maps, and bgp
 * lines naming an mcr-* object or "redistribute mcr".  O(text).
 */
void mcr_bgpconf_parse(struct mcr_bgpconf *c, const char *text);

/*
 * Write to @out (NUL-separated commands, terminated by an empty string)
 * the vty commands, to run from the CONFIG node, that turn @have into
 * @want in make-before-break order (see above).  Each group of lines
 * enters its context from CONFIG and leaves it with "end" +
 * "configure terminal".  Returns the number of changed lines; *out is
 * mcr_malloc'd (MCR_MT_MISC), free with mcr_bgpconf_script_free.
 */
size_t mcr_bgpconf_diff(struct mcr_bgpconf *have, struct mcr_bgpconf *want,
			char **out, size_t *outlen);
void mcr_bgpconf_script_free(char *script, size_t len);

/* Remove every line for which @pred(ctx, line, arg) is true. O(n). */
void mcr_bgpconf_drop_if(struct mcr_bgpconf *c,
			 bool (*pred)(const char *ctx, const char *line,
				      void *arg),
			 void *arg);

/* True if @text names attachment @name's objects ("mcr-NAME",
 * "mcr-NAME-v4", "mcr-NAME-v6" as whole words). O(len). */
bool mcr_bgpconf_names_attach(const char *text, const char *name);

/* The rendered set as configuration text (contexts as indented blocks),
 * for 'show mcr bgp-config'.  *out mcr_malloc'd, free as above. */
size_t mcr_bgpconf_text(struct mcr_bgpconf *c, char **out, size_t *outlen);

#endif /* MCR_BGPCONF_H */
