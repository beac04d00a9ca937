/*
 * libmcr attachments (see mcr/attach.h).
 *
 * An attachment is its configuration, the source descriptor that tables
 * point at (struct mcr_rsrc), and per family two tries: the RIB-in
 * (prefix -> struct mcr_rin, every route received with its decision) and
 * the remembered approvals (prefix -> sentinel).  Counters per family are
 * kept incrementally by mcr_attach_account() so that show commands are
 * O(1).  The decisions themselves are made by the pipeline.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <string.h>

#include "mcr/attach.h"
#include "mcr/mem.h"
#include "mcr/trie.h"

/*
 * Invariant: rsrc.name == name; rsrc.redgroup == cfg.redgroup or NULL
 * when empty; rsrc.up == cfg.admin_up && oper_up; rsrc.preference is
 * cfg.preference or the class default; cnt[af] sums the RIB-in of af.
 */
struct mcr_attach {
	char *name;
	struct mcr_attach_config cfg;
	struct mcr_rsrc rsrc;
	bool oper_up;
	struct mcr_trie *rib[MCR_AFI_MAX];
	struct mcr_trie *appr[MCR_AFI_MAX];
	struct mcr_attach_counters cnt[MCR_AFI_MAX];
};

static char approved_sentinel;

static const char *const reason_names[MCR_R_MAX] = {
	[MCR_R_NONE] = "accepted",
	[MCR_R_BOGON] = "bogon",
	[MCR_R_DEFAULT_ROUTE] = "default-route",
	[MCR_R_PREFIX_LEN] = "prefix-length",
	[MCR_R_PENDING] = "pending-approval",
	[MCR_R_LIMIT] = "limit",
	[MCR_R_ATTACH_DOWN] = "attachment-down",
	[MCR_R_CONFLICT] = "conflict",
	[MCR_R_NOT_SELECTED] = "not-selected",
	[MCR_R_WITHDRAWN] = "withdrawn",
};

const char *mcr_reason_name(enum mcr_reason r)
{
	if ((unsigned)r >= MCR_R_MAX)
		return "?";
	return reason_names[r];
}

const char *mcr_attach_kind_name(enum mcr_attach_kind k)
{
	switch (k) {
	case MCR_ATTACH_CIRCUIT:
		return "circuit";
	case MCR_ATTACH_TUNNEL:
		return "tunnel";
	case MCR_ATTACH_STATIC:
		return "static";
	default:
		return "?";
	}
}

const char *mcr_limit_state_name(enum mcr_limit_state s)
{
	switch (s) {
	case MCR_LIMIT_OK:
		return "ok";
	case MCR_LIMIT_WARNING:
		return "warning";
	case MCR_LIMIT_EXCEEDED:
		return "exceeded";
	case MCR_LIMIT_TRIPPED:
		return "tripped";
	}
	return "?";
}

bool mcr_name_valid(const char *s)
{
	size_t n;

	if (!s)
		return false;
	n = strlen(s);
	if (n == 0 || n >= MCR_NAME_MAX)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= ' ' || s[i] > '~')
			return false;
	return true;
}

void mcr_attach_config_init(struct mcr_attach_config *c,
			    enum mcr_attach_kind kind, enum mcr_provider prov)
{
	const struct mcr_profile *p = mcr_profile_builtin(prov);

	memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->profile = p ? *p : *mcr_profile_builtin(MCR_PROV_GENERIC);
	c->approval = MCR_APPROVAL_AUTO;
	c->admin_up = true;
}

enum mcr_err mcr_attach_config_propagate(struct mcr_attach_config *c,
					 const char *table,
					 struct mcr_errbuf *eb)
{
	if (!mcr_name_valid(table))
		return mcr_error(eb, MCR_EINVAL, "invalid table name");
	for (unsigned i = 0; i < c->npropagate; i++)
		if (!strcmp(c->propagate[i], table))
			return MCR_OK;
	if (c->npropagate >= MCR_ATTACH_MAX_PROPAGATE)
		return mcr_error(eb, MCR_ELIMIT,
				 "at most %d propagations per attachment",
				 MCR_ATTACH_MAX_PROPAGATE);
	strcpy(c->propagate[c->npropagate++], table);
	return MCR_OK;
}

enum mcr_err mcr_attach_config_validate(const struct mcr_attach_config *c,
					struct mcr_errbuf *eb)
{
	enum mcr_err err;

	if ((unsigned)c->kind >= MCR_ATTACH_KIND_MAX)
		return mcr_error(eb, MCR_EINVAL, "unknown attachment kind %d",
				 c->kind);
	if (c->approval != MCR_APPROVAL_AUTO &&
	    c->approval != MCR_APPROVAL_MANUAL)
		return mcr_error(eb, MCR_EINVAL, "unknown approval mode %d",
				 c->approval);
	err = mcr_profile_validate(&c->profile, eb);
	if (err)
		return err;
	if (c->assoc[0] && !mcr_name_valid(c->assoc))
		return mcr_error(eb, MCR_EINVAL,
				 "invalid associated table name");
	if (c->redgroup[0] && !mcr_name_valid(c->redgroup))
		return mcr_error(eb, MCR_EINVAL,
				 "invalid redundancy group name");
	if (c->npropagate > MCR_ATTACH_MAX_PROPAGATE)
		return mcr_error(eb, MCR_EINVAL, "too many propagations");
	for (unsigned i = 0; i < c->npropagate; i++) {
		if (!mcr_name_valid(c->propagate[i]))
			return mcr_error(eb, MCR_EINVAL,
					 "invalid propagation table name");
		for (unsigned j = 0; j < i; j++)
			if (!strcmp(c->propagate[i], c->propagate[j]))
				return mcr_error(eb, MCR_EINVAL,
						 "table %s listed twice",
						 c->propagate[i]);
	}
	return MCR_OK;
}

static void rsrc_sync(struct mcr_attach *a)
{
	a->rsrc.name = a->name;
	a->rsrc.redgroup = a->cfg.redgroup[0] ? a->cfg.redgroup : NULL;
	a->rsrc.preference = a->cfg.preference
				     ? a->cfg.preference
				     : mcr_class_pref(a->cfg.profile.link_class);
	a->rsrc.up = a->cfg.admin_up && a->oper_up;
}

struct mcr_attach *
mcr_attach_new_in(const char *name, const struct mcr_attach_config *cfg,
		  struct mcr_trie_group *const grp[MCR_AFI_MAX])
{
	struct mcr_attach *a = mcr_calloc(MCR_MT_ATTACH, 1, sizeof(*a));

	a->name = mcr_strdup(MCR_MT_ATTACH, name);
	a->cfg = *cfg;
	a->oper_up = true;
	a->rib[MCR_AFI_IP] = grp ? mcr_trie_new_in(grp[MCR_AFI_IP])
				 : mcr_trie_new(MCR_AF_INET);
	a->rib[MCR_AFI_IP6] = grp ? mcr_trie_new_in(grp[MCR_AFI_IP6])
				  : mcr_trie_new(MCR_AF_INET6);
	a->appr[MCR_AFI_IP] = mcr_trie_new(MCR_AF_INET);
	a->appr[MCR_AFI_IP6] = mcr_trie_new(MCR_AF_INET6);
	rsrc_sync(a);
	return a;
}

struct mcr_attach *mcr_attach_new(const char *name,
				  const struct mcr_attach_config *cfg)
{
	return mcr_attach_new_in(name, cfg, NULL);
}

static int rin_free_cb(const struct mcr_prefix *p, void *value, void *arg)
{
	(void)p;
	(void)arg;
	mcr_attach_rin_free(value);
	return 0;
}

void mcr_attach_free(struct mcr_attach *a)
{
	if (!a)
		return;
	for (int i = 0; i < MCR_AFI_MAX; i++) {
		mcr_trie_walk(a->rib[i], rin_free_cb, NULL);
		mcr_trie_free(a->rib[i]);
		mcr_trie_free(a->appr[i]);
	}
	mcr_strfree(MCR_MT_ATTACH, a->name);
	mcr_free(MCR_MT_ATTACH, a, sizeof(*a));
}

void mcr_attach_set_config(struct mcr_attach *a,
			   const struct mcr_attach_config *cfg)
{
	a->cfg = *cfg;
	rsrc_sync(a);
}

void mcr_attach_set_oper(struct mcr_attach *a, bool up)
{
	a->oper_up = up;
	rsrc_sync(a);
}

const char *mcr_attach_name(const struct mcr_attach *a)
{
	return a->name;
}

const struct mcr_attach_config *mcr_attach_config(const struct mcr_attach *a)
{
	return &a->cfg;
}

bool mcr_attach_oper_up(const struct mcr_attach *a)
{
	return a->oper_up;
}

bool mcr_attach_is_up(const struct mcr_attach *a)
{
	return a->rsrc.up;
}

const struct mcr_rsrc *mcr_attach_rsrc(const struct mcr_attach *a)
{
	return &a->rsrc;
}

void mcr_attach_set_owner(struct mcr_attach *a, void *owner)
{
	a->rsrc.owner = owner;
}

void mcr_attach_counters(const struct mcr_attach *a, uint8_t family,
			 struct mcr_attach_counters *out)
{
	*out = a->cnt[mcr_afi_of(family)];
}

const struct mcr_attach_counters *
mcr_attach_counters_ref(const struct mcr_attach *a, uint8_t family)
{
	return &a->cnt[mcr_afi_of(family)];
}

static void rin_view(const struct mcr_rin *r, struct mcr_attach_route *v)
{
	v->prefix = r->prefix;
	v->route = &r->route;
	v->reason = (enum mcr_reason)r->reason;
	v->active = r->in_tables;
}

struct rwalk {
	mcr_attach_route_cb cb;
	void *arg;
};

static int route_walk_cb(const struct mcr_prefix *p, void *value, void *arg)
{
	struct rwalk *w = arg;
	struct mcr_attach_route v;

	(void)p;
	rin_view(value, &v);
	return w->cb(&v, w->arg);
}

int mcr_attach_route_walk(const struct mcr_attach *a, uint8_t family,
			  mcr_attach_route_cb cb, void *arg)
{
	struct rwalk w = {cb, arg};

	return mcr_trie_walk(a->rib[mcr_afi_of(family)], route_walk_cb, &w);
}

bool mcr_attach_route_find(const struct mcr_attach *a,
			   const struct mcr_prefix *p,
			   struct mcr_attach_route *out)
{
	struct mcr_rin *r = mcr_trie_find(a->rib[mcr_afi_of(p->family)], p);

	if (!r)
		return false;
	rin_view(r, out);
	return true;
}

bool mcr_attach_approved(const struct mcr_attach *a,
			 const struct mcr_prefix *p)
{
	return mcr_trie_find(a->appr[mcr_afi_of(p->family)], p) != NULL;
}

int mcr_attach_approval_walk(const struct mcr_attach *a, uint8_t family,
			     mcr_rtable_prefix_cb cb, void *arg)
{
	return mcr_trie_walk_prefixes(a->appr[mcr_afi_of(family)], cb, arg);
}

bool mcr_attach_approve(struct mcr_attach *a, const struct mcr_prefix *p,
			bool approve)
{
	struct mcr_trie *t = a->appr[mcr_afi_of(p->family)];

	if (approve)
		return mcr_trie_replace(t, p, &approved_sentinel) == NULL;
	return mcr_trie_delete(t, p) != NULL;
}

struct mcr_rin *mcr_attach_rin_find(struct mcr_attach *a,
				    const struct mcr_prefix *p)
{
	return mcr_trie_find(a->rib[mcr_afi_of(p->family)], p);
}

struct mcr_rin *mcr_attach_rin_get(struct mcr_attach *a,
				   const struct mcr_prefix *p, bool *created)
{
	static const struct mcr_rin zero;
	bool made;
	void **slot = mcr_trie_get(a->rib[mcr_afi_of(p->family)], p, &made);
	struct mcr_rin *r;

	if (created)
		*created = made;
	if (!made)
		return *slot;
	/* a struct copy, not memset: that size compiles to a slow rep stos */
	r = mcr_obj_alloc(MCR_MT_ROUTE, sizeof(*r));
	*r = zero;
	r->route.src = &a->rsrc;
	r->prefix = *p;
	r->reason = MCR_R_WITHDRAWN;
	*slot = r;
	return r;
}

void mcr_attach_rin_set_nh(struct mcr_rin *r, const struct mcr_addr *nh,
			   size_t nnh)
{
	/* a single nexthop is kept inline (r->nh1), more in an array */
	if (r->route.nnh != nnh) {
		if (r->route.nnh > 1)
			mcr_free(MCR_MT_PATH, r->route.nh,
				 r->route.nnh * sizeof(*r->route.nh));
		r->route.nh = nnh > 1 ? mcr_malloc(MCR_MT_PATH,
						   nnh * sizeof(*nh))
			    : nnh ? &r->nh1
				  : NULL;
		r->route.nnh = (uint16_t)nnh;
	}
	if (nnh)
		memcpy(r->route.nh, nh, nnh * sizeof(*nh));
}

void mcr_attach_rin_unlink(struct mcr_attach *a, struct mcr_rin *r)
{
	void *v = mcr_trie_delete(a->rib[mcr_afi_of(r->prefix.family)],
				  &r->prefix);

	MCR_ASSERT(v == r);
	(void)v;
}

void mcr_attach_rin_free(struct mcr_rin *r)
{
	if (!r)
		return;
	/* the pipeline resolves a route's conflicts before it goes */
	MCR_ASSERT(r->nconflicts == 0 && r->conflicts == NULL);
	if (r->route.nnh > 1)
		mcr_free(MCR_MT_PATH, r->route.nh,
			 r->route.nnh * sizeof(*r->route.nh));
	mcr_obj_free(MCR_MT_ROUTE, r, sizeof(*r));
}

void mcr_attach_account(struct mcr_attach *a, uint8_t family,
			enum mcr_reason old, enum mcr_reason new)
{
	struct mcr_attach_counters *c = &a->cnt[mcr_afi_of(family)];

	if (old < MCR_R_MAX) {
		if (old == MCR_R_NONE)
			c->accepted--;
		else if (old == MCR_R_PENDING)
			c->pending--;
		else
			c->refused[old]--;
		c->received--;
	}
	if (new < MCR_R_MAX) {
		if (new == MCR_R_NONE)
			c->accepted++;
		else if (new == MCR_R_PENDING)
			c->pending++;
		else
			c->refused[new]++;
		c->received++;
	}
}

void mcr_attach_count_event(struct mcr_attach *a, uint8_t family)
{
	a->cnt[mcr_afi_of(family)].events++;
}

void mcr_attach_set_limit_state(struct mcr_attach *a, uint8_t family,
				enum mcr_limit_state s)
{
	a->cnt[mcr_afi_of(family)].limit_state = s;
}

struct rinwalk {
	mcr_attach_rin_cb cb;
	void *arg;
};

static int rin_walk_cb(const struct mcr_prefix *p, void *value, void *arg)
{
	struct rinwalk *w = arg;

	(void)p;
	return w->cb(value, w->arg);
}

int mcr_attach_rin_walk(struct mcr_attach *a, uint8_t family,
			mcr_attach_rin_cb cb, void *arg)
{
	struct rinwalk w = {cb, arg};

	return mcr_trie_walk(a->rib[mcr_afi_of(family)], rin_walk_cb, &w);
}
