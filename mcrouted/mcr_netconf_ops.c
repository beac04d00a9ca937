/*
 * NETCONF server module: the operations, mapped onto FRR's northbound.
 *
 * Runs on the main pthread only (see mcr_netconf.h).
 *
 * Datastores
 *   running    FRR's running_config; written only by nb_candidate_commit()
 *              with client NB_CLIENT_NETCONF and the session as user, so
 *              FRR's running lock (nb_running_lock) applies to vtysh and
 *              NETCONF alike.
 *   candidate  one shared nb_config (RFC 6241 8.3).  While nobody edited
 *              it ("clean") it follows running; once edited it is kept
 *              until <commit> or <discard-changes>.
 *
 * Edits (<edit-config>, <copy-config>) are computed on a copy and swapped
 * in only when every step succeeded, so a failing request changes nothing
 * (stop-on-error and rollback-on-error are the same here; continue-on-error
 * skips the failing nodes).  Commits are validated first in the NETCONF
 * context, for precise error-tags (RFC 7950 section 15), then by the
 * northbound itself (YANG and the daemons' VALIDATE callbacks); a commit
 * that fails leaves running untouched.
 *
 * Locks: <lock> on running takes FRR's running lock; <lock> on candidate
 * is this module's.  Both are released when their session ends, however
 * it ends (<close-session>, <kill-session>, transport drop).
 *
 * :confirmed-commit 1.1: a confirmed commit keeps a copy of the previous
 * running config and commits it back unless confirmed within
 * confirm-timeout seconds (or at once on <cancel-commit>, or when the
 * session ends without 'persist').
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include "linklist.h"
#include "log.h"
#include "northbound.h"
#include "printfrr.h"
#include "yang.h"

#include "mcr_netconf.h"

enum ncs_op {
	NCS_OP_NONE = 0,
	NCS_OP_MERGE,
	NCS_OP_REPLACE,
	NCS_OP_CREATE,
	NCS_OP_DELETE,
	NCS_OP_REMOVE,
};

enum ncs_err_opt {
	NCS_STOP_ON_ERROR,
	NCS_CONTINUE_ON_ERROR,
	NCS_ROLLBACK_ON_ERROR,
};

static char ncs_persist_id[256];

/* ----- helpers -------------------------------------------------------- */

static struct lyd_node *ncs_child(const struct lyd_node *node,
				  const char *name)
{
	struct lyd_node *c;

	LY_LIST_FOR (lyd_child(node), c)
		if (!strcmp(LYD_NAME(c), name))
			return c;
	return NULL;
}

static const char *ncs_child_value(const struct lyd_node *node,
				   const char *name)
{
	struct lyd_node *c = ncs_child(node, name);

	return c ? lyd_get_value(c) : NULL;
}

/* Explicit (not default-flagged) child leaf value. */
static const char *ncs_child_explicit(const struct lyd_node *node,
				      const char *name)
{
	struct lyd_node *c = ncs_child(node, name);

	return c && !(c->flags & LYD_DEFAULT) ? lyd_get_value(c) : NULL;
}

/* Name of the datastore chosen in <target>/<source>: running, config... */
static const char *ncs_ds(const struct lyd_node *rpc, const char *which)
{
	struct lyd_node *c = ncs_child(rpc, which);

	return c && lyd_child(c) ? LYD_NAME(lyd_child(c)) : NULL;
}

static struct nc_server_reply *ncs_reply_data(struct lyd_node *rpc,
					      struct lyd_node *data,
					      NC_WD_MODE wd)
{
	struct lyd_node *out = NULL;

	if (lyd_dup_single(rpc, NULL, 0, &out) ||
	    lyd_new_any(out, NULL, "data", data, 1, LYD_ANYDATA_DATATREE, 1,
			NULL)) {
		lyd_free_all(data);
		lyd_free_all(out);
		return ncs_reply_err(ncs_err(NC_ERR_OP_FAILED, NC_ERR_TYPE_APP,
					     NULL, "cannot build the reply"));
	}
	return nc_server_reply_data(out, wd, NC_PARAMTYPE_FREE);
}

static NC_WD_MODE ncs_wd_mode(const struct lyd_node *rpc)
{
	const char *wd = ncs_child_value(rpc, "with-defaults");

	if (!wd)
		return NC_WD_EXPLICIT;
	if (!strcmp(wd, "report-all"))
		return NC_WD_ALL;
	if (!strcmp(wd, "report-all-tagged"))
		return NC_WD_ALL_TAG;
	if (!strcmp(wd, "trim"))
		return NC_WD_TRIM;
	return NC_WD_EXPLICIT;
}

/* The shared candidate, following running while it is clean. */
static struct nb_config *ncs_candidate(void)
{
	if (!ncs.candidate) {
		ncs.candidate = nb_config_dup(running_config);
		ncs.candidate_dirty = false;
	} else if (!ncs.candidate_dirty &&
		   ncs.candidate->version != running_config->version)
		nb_config_replace(ncs.candidate,
				  nb_config_dup(running_config), false);
	return ncs.candidate;
}

static void ncs_candidate_reset(void)
{
	if (ncs.candidate)
		nb_config_free(ncs.candidate);
	ncs.candidate = nb_config_dup(running_config);
	ncs.candidate_dirty = false;
}

static const char *ncs_lyd_path(const struct lyd_node *n, char *buf,
				size_t len)
{
	if (!lyd_path(n, LYD_PATH_STD, buf, len))
		strlcpy(buf, "/", len);
	return buf;
}

/* ----- reading: get, get-config ---------------------------------------- */

static bool ncs_snode_has_state(const struct lysc_node *snode)
{
	const struct lysc_node *n;

	if (snode->flags & LYS_CONFIG_R)
		return true;
	LY_LIST_FOR (lysc_node_child(snode), n)
		if (ncs_snode_has_state(n))
			return true;
	return false;
}

static int ncs_oper_cb(const struct lysc_node *snode,
		       struct yang_translator *translator,
		       struct yang_data *data, void *arg)
{
	struct lyd_node **root = arg, *node = NULL;

	if (!lyd_new_path(*root, ly_native_ctx, data->xpath, data->value,
			  LYD_NEW_PATH_UPDATE, &node) &&
	    node && !*root) {
		while (lyd_parent(node))
			node = lyd_parent(node);
		*root = node;
	}
	yang_data_free(data);
	return NB_OK;
}

/* Operational data of every module, merged into *root (FRR context). */
static void ncs_oper_collect(struct lyd_node **root)
{
	const struct lys_module *mod;
	const struct lysc_node *snode;
	uint32_t idx = 0;
	char xpath[XPATH_MAXLEN];

	while ((mod = ly_ctx_get_module_iter(ly_native_ctx, &idx))) {
		if (!mod->implemented || !mod->compiled)
			continue;
		snode = NULL;
		while ((snode = lys_getnext(snode, NULL, mod->compiled, 0))) {
			if (!(snode->nodetype & (LYS_CONTAINER | LYS_LIST)) ||
			    !ncs_snode_has_state(snode))
				continue;
			snprintf(xpath, sizeof(xpath), "/%s:%s", mod->name,
				 snode->name);
			if (!nb_node_find(xpath))
				continue; /* not a module the daemon serves */
			if (nb_oper_data_iterate(xpath, NULL, 0, ncs_oper_cb,
						 root) != NB_OK)
				NCS_DEBUG("no operational data for %s", xpath);
			if (*root)
				*root = lyd_first_sibling(*root);
		}
	}
}

/* RFC 6022 netconf-state: capabilities, datastores, schemas, sessions. */
static void ncs_monitoring_data(struct lyd_node **tree)
{
	const char *base = "/ietf-netconf-monitoring:netconf-state";
	const char **cpblts;
	const struct lys_module *mod;
	struct ncs_sess *s;
	uint32_t idx = 0;
	char p[1024], v[64];
	struct lyd_node *top = NULL;

	cpblts = nc_server_get_cpblts(ncs.ctx);
	for (size_t i = 0; cpblts && cpblts[i]; i++) {
		snprintf(p, sizeof(p), "%s/capabilities/capability", base);
		lyd_new_path(top, ncs.ctx, p, cpblts[i], 0,
			     top ? NULL : &top);
		lydict_remove(ncs.ctx, cpblts[i]);
	}
	free(cpblts);
	if (!top && lyd_new_path(NULL, ncs.ctx, base, NULL, 0, &top))
		return;
	while (top && lyd_parent(top))
		top = lyd_parent(top);

	snprintf(p, sizeof(p), "%s/datastores/datastore[name='running']",
		 base);
	lyd_new_path(top, ncs.ctx, p, NULL, 0, NULL);
	snprintf(p, sizeof(p), "%s/datastores/datastore[name='candidate']",
		 base);
	lyd_new_path(top, ncs.ctx, p, NULL, 0, NULL);

	while ((mod = ly_ctx_get_module_iter(ncs.ctx, &idx))) {
		snprintf(p, sizeof(p),
			 "%s/schemas/schema[identifier='%s'][version='%s'][format='ietf-netconf-monitoring:yang']",
			 base, mod->name, mod->revision ? mod->revision : "");
		if (lyd_new_path(top, ncs.ctx, p, NULL, 0, NULL))
			continue;
		strlcat(p, "/namespace", sizeof(p));
		lyd_new_path(top, ncs.ctx, p, mod->ns, 0, NULL);
		p[strlen(p) - strlen("/namespace")] = '\0';
		strlcat(p, "/location", sizeof(p));
		lyd_new_path(top, ncs.ctx, p, "NETCONF", 0, NULL);
	}

	pthread_mutex_lock(&ncs.mtx);
	frr_each (ncs_sessions, &ncs.sessions, s) {
		struct {
			const char *leaf, *value;
		} leaves[] = {
			{"transport", s->transport},
			{"username", s->user},
			{"source-host", s->host[0] ? s->host : NULL},
			{"login-time", NULL},
			{"in-rpcs", NULL},
			{"in-bad-rpcs", "0"},
			{"out-rpc-errors", "0"},
			{"out-notifications", NULL},
		};
		char when[64], rpcs[16], notifs[16];
		struct tm tm;

		gmtime_r(&s->started, &tm);
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
		snprintf(rpcs, sizeof(rpcs), "%u", s->rpcs);
		snprintf(notifs, sizeof(notifs), "%u", s->notifs);
		leaves[3].value = when;
		leaves[4].value = rpcs;
		leaves[7].value = notifs;
		for (size_t i = 0; i < array_size(leaves); i++) {
			if (!leaves[i].value)
				continue;
			snprintf(v, sizeof(v), "%u", s->id);
			snprintf(p, sizeof(p),
				 "%s/sessions/session[session-id='%s']/%s",
				 base, v, leaves[i].leaf);
			lyd_new_path(top, ncs.ctx, p, leaves[i].value, 0,
				     NULL);
		}
	}
	pthread_mutex_unlock(&ncs.mtx);
	lyd_merge_siblings(tree, top, LYD_MERGE_DESTRUCT);
}

/*
 * The data of a datastore in the NETCONF context: its configuration, and
 * with 'state' the operational data of the daemon, the YANG library and
 * NETCONF monitoring.  NULL with *err set on error.
 */
static struct lyd_node *ncs_data(const struct nb_config *cfg, bool state,
				 struct lyd_node **err)
{
	struct lyd_node *native = NULL, *tree, *yl = NULL;

	*err = NULL;
	if (cfg->dnode)
		native = yang_dnode_dup(cfg->dnode);
	if (state)
		ncs_oper_collect(&native);
	tree = ncs_native_to_nc(native, state, true, err);
	if (native)
		lyd_free_all(native);
	if (*err)
		return NULL;
	if (state) {
		if (!ly_ctx_get_yanglib_data(ncs.ctx, &yl, "%u",
					     ly_ctx_get_change_count(ncs.ctx)))
			lyd_merge_siblings(&tree, yl, LYD_MERGE_DESTRUCT);
		ncs_monitoring_data(&tree);
	}
	return tree;
}

/* Namespace and name of a node of a subtree filter (opaque or not). */
static void ncs_fnode_name(const struct lyd_node *n, const char **name,
			   const char **ns)
{
	if (n->schema) {
		*name = n->schema->name;
		*ns = n->schema->module->ns;
	} else {
		const struct lyd_node_opaq *o = (const struct lyd_node_opaq *)n;

		*name = o->name.name;
		*ns = o->name.module_ns;
	}
}

static const char *ncs_fnode_text(const struct lyd_node *n)
{
	const char *v;

	if (n->schema)
		v = (n->schema->nodetype & LYD_NODE_TERM) ? lyd_get_value(n)
							   : NULL;
	else
		v = ((const struct lyd_node_opaq *)n)->value;
	if (!v)
		return NULL;
	while (isspace((unsigned char)*v))
		v++;
	return *v ? v : NULL;
}

/*
 * RFC 6241 6.2 subtree filter -> XPath expressions: containment nodes
 * become steps, content match nodes predicates, selection nodes (no
 * content) the selected nodes.  Namespace-less nodes inherit their
 * parent's module.
 */
static void ncs_subtree_xpaths(const struct lyd_node *f, const char *prefix,
			       const struct lys_module *pmod,
			       struct list *xpaths)
{
	const struct lys_module *mod = pmod;
	const struct lyd_node *c;
	const char *name, *ns, *text;
	char step[XPATH_MAXLEN], pred[512];
	bool has_sel = false;

	ncs_fnode_name(f, &name, &ns);
	if (ns && *ns)
		mod = ly_ctx_get_module_implemented_ns(ncs.ctx, ns);
	if (!mod)
		return; /* unknown namespace: selects nothing */
	snprintf(step, sizeof(step), "%s/%s%s%s", prefix,
		 mod != pmod ? mod->name : "", mod != pmod ? ":" : "", name);

	text = ncs_fnode_text(f);
	if (!lyd_child(f) && text) {
		/* a content match node on its own: select what matches */
		snprintf(pred, sizeof(pred), "[.='%s']", text);
		strlcat(step, pred, sizeof(step));
		listnode_add(xpaths, XSTRDUP(MTYPE_TMP, step));
		return;
	}
	LY_LIST_FOR (lyd_child(f), c) {
		const char *cname, *cns;
		const struct lys_module *cmod = mod;

		ncs_fnode_name(c, &cname, &cns);
		if (cns && *cns)
			cmod = ly_ctx_get_module_implemented_ns(ncs.ctx, cns);
		text = ncs_fnode_text(c);
		if (!lyd_child(c) && text && cmod)
		{
			snprintf(pred, sizeof(pred), "[%s%s%s='%s']",
				 cmod != mod ? cmod->name : "",
				 cmod != mod ? ":" : "", cname, text);
			strlcat(step, pred, sizeof(step));
		}
		else
			has_sel = true;
	}
	if (!has_sel) {
		listnode_add(xpaths, XSTRDUP(MTYPE_TMP, step));
		return;
	}
	LY_LIST_FOR (lyd_child(f), c)
		if (lyd_child(c) || !ncs_fnode_text(c))
			ncs_subtree_xpaths(c, step, mod, xpaths);
}

static const char *ncs_meta_value(const struct lyd_node *n, const char *name)
{
	struct lyd_meta *m;
	struct lyd_attr *a;

	for (m = n->meta; m; m = m->next)
		if (!strcmp(m->name, name))
			return lyd_get_meta_value(m);
	if (!n->schema)
		for (a = ((struct lyd_node_opaq *)n)->attr; a; a = a->next)
			if (!strcmp(a->name.name, name))
				return a->value;
	return NULL;
}

/* Apply the request's <filter> to *data (in place). */
static struct lyd_node *ncs_filter(const struct lyd_node *rpc,
				   struct lyd_node **data)
{
	struct lyd_node *filter = ncs_child(rpc, "filter"), *result = NULL;
	const struct lyd_node_any *any = (const struct lyd_node_any *)filter;
	const char *type, *select;
	struct list *xpaths;
	struct listnode *ln;
	char *xp;

	if (!filter)
		return NULL;
	xpaths = list_new();
	type = ncs_meta_value(filter, "type");
	if (type && !strcmp(type, "xpath")) {
		select = ncs_meta_value(filter, "select");
		if (!select) {
			list_delete(&xpaths);
			return ncs_err(NC_ERR_MISSING_ATTR, NC_ERR_TYPE_PROT,
				       "select", "xpath filter without select");
		}
		listnode_add(xpaths, XSTRDUP(MTYPE_TMP, select));
	} else if (any->value_type == LYD_ANYDATA_DATATREE) {
		const struct lyd_node *f;

		LY_LIST_FOR (any->value.tree, f)
			ncs_subtree_xpaths(f, "", NULL, xpaths);
	} else if (any->value.str && *any->value.str) {
		struct lyd_node *ftree = NULL;

		/* filter content kept as XML text: parse it as opaque data */
		if (!lyd_parse_data_mem(ncs.ctx, any->value.str, LYD_XML,
					LYD_PARSE_ONLY | LYD_PARSE_OPAQ, 0,
					&ftree)) {
			const struct lyd_node *f;

			LY_LIST_FOR (ftree, f)
				ncs_subtree_xpaths(f, "", NULL, xpaths);
			lyd_free_all(ftree);
		}
	}

	for (ALL_LIST_ELEMENTS_RO(xpaths, ln, xp)) {
		struct ly_set *set = NULL;

		NCS_DEBUG("filter: %s", xp);
		if (*data && lyd_find_xpath(*data, xp, &set)) {
			struct lyd_node *e = ncs_err_ly(
				ncs.ctx, NC_ERR_INVALID_VALUE, "filter");

			list_delete_all_node(xpaths);
			list_delete(&xpaths);
			lyd_free_all(result);
			return e;
		}
		for (uint32_t i = 0; set && i < set->count; i++) {
			struct lyd_node *dup = NULL;

			if (lyd_dup_single(set->dnodes[i], NULL,
					   LYD_DUP_RECURSIVE |
						   LYD_DUP_WITH_PARENTS |
						   LYD_DUP_WITH_FLAGS,
					   &dup))
				continue;
			while (lyd_parent(dup))
				dup = lyd_parent(dup);
			lyd_merge_siblings(&result, dup,
					   LYD_MERGE_DESTRUCT |
						   LYD_MERGE_WITH_FLAGS);
		}
		ly_set_free(set, NULL);
	}
	for (ALL_LIST_ELEMENTS_RO(xpaths, ln, xp))
		XFREE(MTYPE_TMP, xp);
	list_delete(&xpaths);
	lyd_free_all(*data);
	*data = result;
	return NULL;
}

static struct nc_server_reply *ncs_op_get(struct lyd_node *rpc,
					  struct ncs_sess *sess, bool config)
{
	const struct nb_config *cfg = running_config;
	struct lyd_node *data, *err;

	if (config) {
		const char *src = ncs_ds(rpc, "source");

		if (src && !strcmp(src, "candidate"))
			cfg = ncs_candidate();
		else if (!src || strcmp(src, "running"))
			return ncs_reply_err(ncs_err(
				NC_ERR_OP_NOT_SUPPORTED, NC_ERR_TYPE_PROT, NULL,
				"datastore %s is not supported",
				src ? src : "(none)"));
	}
	data = ncs_data(cfg, !config, &err);
	if (err)
		return ncs_reply_err(err);
	err = ncs_filter(rpc, &data);
	if (err) {
		lyd_free_all(data);
		return ncs_reply_err(err);
	}
	return ncs_reply_data(rpc, data, ncs_wd_mode(rpc));
}

/* ----- validation and commit ------------------------------------------ */

/* Validate a configuration in the NETCONF context (precise errors). */
static struct lyd_node *ncs_validate_nc(const struct nb_config *cfg)
{
	struct lyd_node *tree, *err;

	tree = ncs_native_to_nc(cfg->dnode, false, false, &err);
	if (err)
		return err;
	ly_err_clean(ncs.ctx, NULL);
	if (lyd_validate_all(&tree, ncs.ctx, LYD_VALIDATE_NO_STATE, NULL)) {
		err = ncs_err_ly(ncs.ctx, NC_ERR_OP_FAILED, "validation");
		lyd_free_all(tree);
		return err;
	}
	lyd_free_all(tree);
	return NULL;
}

/* Full validation: YANG in the NETCONF context, then the daemon's own. */
static struct lyd_node *ncs_validate(struct ncs_sess *sess,
				     struct nb_config *cfg)
{
	struct nb_context ctx = {.client = NB_CLIENT_NETCONF, .user = sess};
	struct lyd_node *err;
	char errmsg[BUFSIZ] = "";

	err = ncs_validate_nc(cfg);
	if (err)
		return err;
	if (nb_candidate_validate(&ctx, cfg, errmsg, sizeof(errmsg)) != NB_OK)
		return ncs_err(NC_ERR_OP_FAILED, NC_ERR_TYPE_APP, NULL, "%s",
			       errmsg[0] ? errmsg : "validation failed");
	return NULL;
}

/* Commit cfg to running.  NULL on success (or no changes). */
static struct lyd_node *ncs_commit(struct ncs_sess *sess, struct nb_config *cfg,
				   const char *comment)
{
	struct nb_context ctx = {.client = NB_CLIENT_NETCONF, .user = sess};
	char errmsg[BUFSIZ] = "";
	uint32_t tid = 0;
	struct lyd_node *err;
	int ret;

	if (nb_running_lock_check(NB_CLIENT_NETCONF, sess))
		return ncs_err(NC_ERR_IN_USE, NC_ERR_TYPE_PROT, NULL,
			       "running is locked by another session");
	err = ncs_validate_nc(cfg);
	if (err)
		return err;
	ret = nb_candidate_commit(&ctx, cfg, true, comment, &tid, errmsg,
				  sizeof(errmsg));
	switch (ret) {
	case NB_OK:
		NCS_DEBUG("session %u committed transaction %u",
			  sess ? sess->id : 0, tid);
		return NULL;
	case NB_ERR_NO_CHANGES:
		return NULL;
	case NB_ERR_LOCKED:
		return ncs_err(NC_ERR_IN_USE, NC_ERR_TYPE_PROT, NULL, "%s",
			       errmsg[0] ? errmsg
					 : "running configuration is locked");
	case NB_ERR_RESOURCE:
		return ncs_err(NC_ERR_RES_DENIED, NC_ERR_TYPE_APP, NULL, "%s",
			       errmsg);
	default:
		return ncs_err(NC_ERR_OP_FAILED, NC_ERR_TYPE_APP, NULL, "%s",
			       errmsg[0] ? errmsg : "commit failed");
	}
}

/* ----- edit-config ------------------------------------------------------ */

struct ncs_edit {
	struct lyd_node *root; /* work tree, FRR context */
	enum ncs_err_opt erropt;
	struct nc_server_reply *errors; /* for continue-on-error */
};

static enum ncs_op ncs_op_parse(const char *s)
{
	if (!s)
		return NCS_OP_NONE;
	if (!strcmp(s, "merge"))
		return NCS_OP_MERGE;
	if (!strcmp(s, "replace"))
		return NCS_OP_REPLACE;
	if (!strcmp(s, "create"))
		return NCS_OP_CREATE;
	if (!strcmp(s, "delete"))
		return NCS_OP_DELETE;
	if (!strcmp(s, "remove"))
		return NCS_OP_REMOVE;
	return NCS_OP_NONE;
}

static enum ncs_op ncs_node_op(const struct lyd_node *n, enum ncs_op dflt)
{
	struct lyd_meta *m = lyd_find_meta(n->meta, NULL,
					   "ietf-netconf:operation");

	return m ? ncs_op_parse(lyd_get_meta_value(m)) : dflt;
}

static struct lyd_node *ncs_tree_find(struct ncs_edit *ed, const char *path)
{
	struct lyd_node *match = NULL;

	if (!ed->root || lyd_find_path(ed->root, path, 0, &match))
		return NULL;
	return match;
}

static int ncs_tree_set(struct ncs_edit *ed, const char *path,
			const char *value)
{
	struct lyd_node *node = NULL;

	if (lyd_new_path(ed->root, ly_native_ctx, path, value,
			 LYD_NEW_PATH_UPDATE, &node))
		return -1;
	if (!ed->root && node) {
		while (lyd_parent(node))
			node = lyd_parent(node);
		ed->root = node;
	}
	if (ed->root)
		ed->root = lyd_first_sibling(ed->root);
	return 0;
}

static void ncs_tree_free(struct ncs_edit *ed, struct lyd_node *node)
{
	if (node == ed->root)
		ed->root = node->next;
	lyd_free_tree(node);
	if (ed->root)
		ed->root = lyd_first_sibling(ed->root);
}

static struct lyd_node *ncs_edit_node(struct ncs_edit *ed,
				      const struct lyd_node *e,
				      enum ncs_op pop);

/* Create e and its subtree in the work tree (merge semantics). */
static struct lyd_node *ncs_edit_create(struct ncs_edit *ed,
					const struct lyd_node *e)
{
	char path[XPATH_MAXLEN];
	const struct lyd_node *c;
	struct lyd_node *err;

	ncs_lyd_path(e, path, sizeof(path));
	if (ncs_tree_set(ed, path,
			 (e->schema->nodetype & LYD_NODE_TERM) ? lyd_get_value(e)
							       : NULL))
		return ncs_err_ly(ly_native_ctx, NC_ERR_INVALID_VALUE, path);
	LY_LIST_FOR (lyd_child(e), c) {
		if (lysc_is_key(c->schema))
			continue;
		err = ncs_edit_node(ed, c, NCS_OP_MERGE);
		if (err)
			return err;
	}
	return NULL;
}

static struct lyd_node *ncs_edit_node(struct ncs_edit *ed,
				      const struct lyd_node *e,
				      enum ncs_op pop)
{
	enum ncs_op op = ncs_node_op(e, pop);
	char path[XPATH_MAXLEN];
	struct lyd_node *cur, *err;
	const struct lyd_node *c;
	bool exists;

	ncs_lyd_path(e, path, sizeof(path));
	cur = ncs_tree_find(ed, path);
	/* a node that only holds its default value does not exist */
	exists = cur && !(cur->flags & LYD_DEFAULT);

	switch (op) {
	case NCS_OP_DELETE:
		if (!exists)
			return ncs_err(NC_ERR_DATA_MISSING, NC_ERR_TYPE_APP,
				       path, "%s does not exist", path);
		ncs_tree_free(ed, cur);
		return NULL;
	case NCS_OP_REMOVE:
		if (exists)
			ncs_tree_free(ed, cur);
		return NULL;
	case NCS_OP_CREATE:
		if (exists)
			return ncs_err(NC_ERR_DATA_EXISTS, NC_ERR_TYPE_APP, path,
				       "%s already exists", path);
		return ncs_edit_create(ed, e);
	case NCS_OP_REPLACE:
		if (cur)
			ncs_tree_free(ed, cur);
		return ncs_edit_create(ed, e);
	case NCS_OP_MERGE:
		if (e->schema->nodetype & LYD_NODE_TERM) {
			if (ncs_tree_set(ed, path, lyd_get_value(e)))
				return ncs_err_ly(ly_native_ctx,
						  NC_ERR_INVALID_VALUE, path);
			return NULL;
		}
		if (!exists && ncs_tree_set(ed, path, NULL))
			return ncs_err_ly(ly_native_ctx, NC_ERR_INVALID_VALUE,
					  path);
		break;
	case NCS_OP_NONE:
		if (e->schema->nodetype & LYD_NODE_TERM)
			return NULL;
		break;
	}
	LY_LIST_FOR (lyd_child(e), c) {
		if (lysc_is_key(c->schema))
			continue;
		err = ncs_edit_node(ed, c, op);
		if (!err)
			continue;
		if (ed->erropt != NCS_CONTINUE_ON_ERROR)
			return err;
		if (!ed->errors)
			ed->errors = nc_server_reply_err(err);
		else
			nc_server_reply_add_err(ed->errors, err);
	}
	return NULL;
}

/*
 * Parse the <config> of edit-config/copy-config into the NETCONF context.
 * NULL tree and NULL *err: empty config.
 */
static struct lyd_node *ncs_config_param(const struct lyd_node *rpc,
					 struct lyd_node **err)
{
	struct lyd_node *cfg = ncs_child(rpc, "config"), *tree = NULL;
	char *xml = NULL;

	*err = NULL;
	if (!cfg) {
		*err = ncs_err(NC_ERR_MISSING_ELEM, NC_ERR_TYPE_PROT, "config",
			       "no <config>");
		return NULL;
	}
	if (lyd_any_value_str(cfg, &xml)) {
		*err = ncs_err(NC_ERR_MALFORMED_MSG, NC_ERR_TYPE_RPC, NULL,
			       "cannot read <config>");
		return NULL;
	}
	if (!xml || !*xml) {
		free(xml);
		return NULL;
	}
	ly_err_clean(ncs.ctx, NULL);
	if (lyd_parse_data_mem(ncs.ctx, xml, LYD_XML,
			       LYD_PARSE_ONLY | LYD_PARSE_STRICT |
				       LYD_PARSE_NO_STATE,
			       0, &tree)) {
		*err = ncs_err_ly(ncs.ctx, NC_ERR_INVALID_VALUE, "<config>");
		tree = NULL;
	}
	free(xml);
	return tree;
}

static bool ncs_candidate_locked_by_other(struct ncs_sess *sess)
{
	return ncs.lock_candidate && ncs.lock_candidate != sess;
}

static struct lyd_node *ncs_locked_err(struct ncs_sess *holder,
				       const char *ds)
{
	struct lyd_node *e = ncs_err(NC_ERR_IN_USE, NC_ERR_TYPE_PROT, NULL,
				     "%s is locked by session %u", ds,
				     holder ? holder->id : 0);
	return e;
}

static struct nc_server_reply *ncs_op_edit(struct lyd_node *rpc,
					   struct ncs_sess *sess)
{
	const char *target = ncs_ds(rpc, "target");
	const char *s;
	enum ncs_op dflt = NCS_OP_MERGE;
	bool test_only = false, test_explicit = false, running;
	struct ncs_edit ed = {};
	struct lyd_node *edit, *e, *err = NULL;
	struct nb_config *base, *work;
	struct nc_server_reply *reply;

	running = target && !strcmp(target, "running");
	if (!running && (!target || strcmp(target, "candidate")))
		return ncs_reply_err(ncs_err(NC_ERR_OP_NOT_SUPPORTED,
					     NC_ERR_TYPE_PROT, NULL,
					     "target %s is not supported",
					     target ? target : "(none)"));
	if (!running && ncs_candidate_locked_by_other(sess))
		return ncs_reply_err(
			ncs_locked_err(ncs.lock_candidate, "candidate"));
	if (running && ncs.lock_running && ncs.lock_running != sess)
		return ncs_reply_err(ncs_locked_err(ncs.lock_running,
						    "running"));

	s = ncs_child_value(rpc, "default-operation");
	if (s && !strcmp(s, "replace"))
		dflt = NCS_OP_REPLACE;
	else if (s && !strcmp(s, "none"))
		dflt = NCS_OP_NONE;
	s = ncs_child_value(rpc, "error-option");
	if (s && !strcmp(s, "continue-on-error"))
		ed.erropt = NCS_CONTINUE_ON_ERROR;
	else if (s && !strcmp(s, "rollback-on-error"))
		ed.erropt = NCS_ROLLBACK_ON_ERROR;
	s = ncs_child_explicit(rpc, "test-option");
	if (s) {
		test_explicit = strcmp(s, "set") != 0;
		test_only = !strcmp(s, "test-only");
	}

	edit = ncs_config_param(rpc, &err);
	if (err)
		return ncs_reply_err(err);

	base = running ? running_config : ncs_candidate();
	work = nb_config_dup(base);
	ed.root = work->dnode;
	work->dnode = NULL;

	if (dflt == NCS_OP_REPLACE) {
		/* default-operation replace: the config replaces the whole
		 * datastore content of the modules it names */
		LY_LIST_FOR (edit, e) {
			struct lyd_node *cur;
			char path[XPATH_MAXLEN];

			cur = ncs_tree_find(&ed, ncs_lyd_path(e, path,
							      sizeof(path)));
			if (cur)
				ncs_tree_free(&ed, cur);
		}
		dflt = NCS_OP_MERGE;
	}
	LY_LIST_FOR (edit, e) {
		err = ncs_edit_node(&ed, e, dflt);
		if (!err)
			continue;
		if (ed.erropt != NCS_CONTINUE_ON_ERROR)
			break;
		if (!ed.errors)
			ed.errors = nc_server_reply_err(err);
		else
			nc_server_reply_add_err(ed.errors, err);
		err = NULL;
	}
	lyd_free_all(edit);
	lyd_new_implicit_all(&ed.root, ly_native_ctx, LYD_IMPLICIT_NO_STATE,
			     NULL);
	work->dnode = ed.root;

	if (!err && (test_only || test_explicit))
		err = ncs_validate(sess, work);
	if (!err && !test_only) {
		if (running)
			err = ncs_commit(sess, work, "NETCONF edit-config");
		else {
			nb_config_replace(ncs.candidate, work, false);
			work = NULL;
			ncs.candidate_dirty = true;
		}
	}
	if (work)
		nb_config_free(work);
	if (err) {
		if (ed.errors)
			nc_server_reply_free(ed.errors);
		return ncs_reply_err(err);
	}
	reply = ed.errors ? ed.errors : nc_server_reply_ok();
	return reply;
}

/* <config> as a whole nb_config in FRR's context. */
static struct nb_config *ncs_config_inline(const struct lyd_node *rpc,
					   struct lyd_node **err)
{
	struct lyd_node *tree, *native;

	tree = ncs_config_param(rpc, err);
	if (*err)
		return NULL;
	native = ncs_nc_to_native(tree, err);
	lyd_free_all(tree);
	if (*err)
		return NULL;
	if (!native)
		native = yang_dnode_new(ly_native_ctx, true);
	return nb_config_new(native);
}

static struct nc_server_reply *ncs_op_copy(struct lyd_node *rpc,
					   struct ncs_sess *sess)
{
	const char *target = ncs_ds(rpc, "target"), *src = ncs_ds(rpc, "source");
	struct nb_config *cfg = NULL;
	struct lyd_node *err = NULL;

	if (!target || !src ||
	    (strcmp(target, "running") && strcmp(target, "candidate")))
		return ncs_reply_err(ncs_err(
			NC_ERR_OP_NOT_SUPPORTED, NC_ERR_TYPE_PROT, NULL,
			"copy-config to %s is not supported",
			target ? target : "(none)"));
	if (!strcmp(src, "running"))
		cfg = nb_config_dup(running_config);
	else if (!strcmp(src, "candidate"))
		cfg = nb_config_dup(ncs_candidate());
	else if (!strcmp(src, "config"))
		cfg = ncs_config_inline(ncs_child(rpc, "source"), &err);
	else
		return ncs_reply_err(ncs_err(NC_ERR_OP_NOT_SUPPORTED,
					     NC_ERR_TYPE_PROT, NULL,
					     "source %s is not supported", src));
	if (err)
		return ncs_reply_err(err);
	if (!strcmp(target, src)) {
		nb_config_free(cfg);
		return nc_server_reply_ok();
	}
	if (!strcmp(target, "candidate")) {
		if (ncs_candidate_locked_by_other(sess)) {
			nb_config_free(cfg);
			return ncs_reply_err(
				ncs_locked_err(ncs.lock_candidate, "candidate"));
		}
		ncs_candidate();
		nb_config_replace(ncs.candidate, cfg, false);
		ncs.candidate_dirty = true;
		return nc_server_reply_ok();
	}
	err = ncs_commit(sess, cfg, "NETCONF copy-config");
	nb_config_free(cfg);
	return err ? ncs_reply_err(err) : nc_server_reply_ok();
}

/* ----- commit, confirmed commit, discard, validate ---------------------- */

static void ncs_confirm_clear(void)
{
	THREAD_OFF(ncs.t_confirm);
	if (ncs.confirm_rollback)
		nb_config_free(ncs.confirm_rollback);
	ncs.confirm_rollback = NULL;
	ncs.confirm_sess = NULL;
	ncs_persist_id[0] = '\0';
}

/* Commit the configuration saved before the confirmed commit. */
static void ncs_confirm_rollback(const char *why)
{
	struct lyd_node *err;

	if (!ncs.confirm_rollback)
		return;
	zlog_notice("NETCONF: confirmed commit not confirmed (%s): rolling back",
		    why);
	err = ncs_commit(ncs.lock_running, ncs.confirm_rollback,
			 "NETCONF confirmed-commit rollback");
	if (err) {
		zlog_err("NETCONF: rollback of the confirmed commit failed: %s",
			 nc_err_get_msg(err) ? nc_err_get_msg(err) : "?");
		lyd_free_all(err);
	}
	ncs_confirm_clear();
	if (!ncs.candidate_dirty)
		ncs_candidate_reset();
}

static void ncs_confirm_timeout(struct thread *t)
{
	ncs_confirm_rollback("timeout");
}

static bool ncs_confirm_owner(struct ncs_sess *sess, const char *persist_id)
{
	if (ncs_persist_id[0])
		return persist_id && !strcmp(persist_id, ncs_persist_id);
	return ncs.confirm_sess == sess;
}

static struct nc_server_reply *ncs_op_commit(struct lyd_node *rpc,
					     struct ncs_sess *sess)
{
	bool confirmed = ncs_child(rpc, "confirmed") != NULL;
	const char *tmo = ncs_child_value(rpc, "confirm-timeout");
	const char *persist = ncs_child_value(rpc, "persist");
	const char *persist_id = ncs_child_value(rpc, "persist-id");
	struct nb_config *rollback = NULL;
	struct lyd_node *err;

	if (ncs_candidate_locked_by_other(sess))
		return ncs_reply_err(
			ncs_locked_err(ncs.lock_candidate, "candidate"));
	if (ncs.confirm_rollback && !ncs_confirm_owner(sess, persist_id))
		return ncs_reply_err(ncs_err(
			NC_ERR_IN_USE, NC_ERR_TYPE_PROT, NULL,
			"a confirmed commit of another session is pending"));
	if (confirmed && !ncs.confirm_rollback)
		rollback = nb_config_dup(running_config);

	err = ncs_commit(sess, ncs_candidate(), "NETCONF commit");
	if (err) {
		if (rollback)
			nb_config_free(rollback);
		return ncs_reply_err(err);
	}
	ncs.candidate_dirty = false;

	if (!confirmed) {
		if (ncs.confirm_rollback)
			NCS_DEBUG("confirmed commit confirmed by session %u",
				  sess->id);
		ncs_confirm_clear();
		return nc_server_reply_ok();
	}
	if (rollback)
		ncs.confirm_rollback = rollback;
	ncs.confirm_sess = persist ? NULL : sess;
	if (persist)
		strlcpy(ncs_persist_id, persist, sizeof(ncs_persist_id));
	THREAD_OFF(ncs.t_confirm);
	thread_add_timer(ncs.master, ncs_confirm_timeout, NULL,
			 tmo ? strtoul(tmo, NULL, 10) : 600, &ncs.t_confirm);
	return nc_server_reply_ok();
}

static struct nc_server_reply *ncs_op_cancel_commit(struct lyd_node *rpc,
						    struct ncs_sess *sess)
{
	const char *persist_id = ncs_child_value(rpc, "persist-id");

	if (!ncs.confirm_rollback)
		return ncs_reply_err(ncs_err(NC_ERR_OP_FAILED, NC_ERR_TYPE_PROT,
					     NULL,
					     "no confirmed commit is pending"));
	if (!ncs_confirm_owner(sess, persist_id))
		return ncs_reply_err(ncs_err(
			NC_ERR_INVALID_VALUE, NC_ERR_TYPE_PROT, NULL,
			"the pending confirmed commit is not this session's"));
	ncs_confirm_rollback("cancel-commit");
	return nc_server_reply_ok();
}

static struct nc_server_reply *ncs_op_discard(struct lyd_node *rpc,
					      struct ncs_sess *sess)
{
	if (ncs_candidate_locked_by_other(sess))
		return ncs_reply_err(
			ncs_locked_err(ncs.lock_candidate, "candidate"));
	ncs_candidate_reset();
	return nc_server_reply_ok();
}

static struct nc_server_reply *ncs_op_validate(struct lyd_node *rpc,
					       struct ncs_sess *sess)
{
	const char *src = ncs_ds(rpc, "source");
	struct nb_config *cfg;
	struct lyd_node *err = NULL;

	if (src && !strcmp(src, "running"))
		cfg = nb_config_dup(running_config);
	else if (src && !strcmp(src, "candidate"))
		cfg = nb_config_dup(ncs_candidate());
	else if (src && !strcmp(src, "config"))
		cfg = ncs_config_inline(ncs_child(rpc, "source"), &err);
	else
		return ncs_reply_err(ncs_err(NC_ERR_OP_NOT_SUPPORTED,
					     NC_ERR_TYPE_PROT, NULL,
					     "source %s is not supported",
					     src ? src : "(none)"));
	if (err)
		return ncs_reply_err(err);
	err = ncs_validate(sess, cfg);
	nb_config_free(cfg);
	return err ? ncs_reply_err(err) : nc_server_reply_ok();
}

/* ----- locks and sessions ---------------------------------------------- */

static struct lyd_node *ncs_lock_denied(struct ncs_sess *holder,
					const char *fmt, const char *ds)
{
	struct lyd_node *e = nc_err(ncs.ctx, NC_ERR_LOCK_DENIED,
				    holder ? holder->id : 0);
	char msg[256];

	snprintf(msg, sizeof(msg), fmt, ds);
	nc_err_set_msg(e, msg, "en");
	return e;
}

static struct nc_server_reply *ncs_op_lock(struct lyd_node *rpc,
					   struct ncs_sess *sess, bool lock)
{
	const char *ds = ncs_ds(rpc, "target");
	struct ncs_sess **holder;

	if (ds && !strcmp(ds, "running"))
		holder = &ncs.lock_running;
	else if (ds && !strcmp(ds, "candidate"))
		holder = &ncs.lock_candidate;
	else
		return ncs_reply_err(ncs_err(NC_ERR_OP_NOT_SUPPORTED,
					     NC_ERR_TYPE_PROT, NULL,
					     "datastore %s cannot be locked",
					     ds ? ds : "(none)"));
	if (!lock) {
		if (*holder != sess)
			return ncs_reply_err(ncs_err(
				NC_ERR_OP_FAILED, NC_ERR_TYPE_PROT, NULL,
				"%s is not locked by this session", ds));
		if (holder == &ncs.lock_running)
			nb_running_unlock(NB_CLIENT_NETCONF, sess);
		*holder = NULL;
		NCS_DEBUG("session %u unlocked %s", sess->id, ds);
		return nc_server_reply_ok();
	}
	if (*holder)
		return ncs_reply_err(ncs_lock_denied(
			*holder, "%s is already locked", ds));
	if (holder == &ncs.lock_candidate && ncs.candidate_dirty)
		return ncs_reply_err(ncs_lock_denied(
			NULL, "%s has uncommitted changes", ds));
	if (holder == &ncs.lock_running &&
	    nb_running_lock(NB_CLIENT_NETCONF, sess))
		return ncs_reply_err(ncs_lock_denied(
			NULL, "%s is locked by another northbound client", ds));
	*holder = sess;
	NCS_DEBUG("session %u locked %s", sess->id, ds);
	return nc_server_reply_ok();
}

/* Release whatever a session holds; it is going away. */
void ncs_ops_session_gone(struct ncs_sess *sess)
{
	if (ncs.lock_running == sess) {
		nb_running_unlock(NB_CLIENT_NETCONF, sess);
		ncs.lock_running = NULL;
		NCS_DEBUG("session %u ended: running unlocked", sess->id);
	}
	if (ncs.lock_candidate == sess) {
		/* RFC 6241 7.5: changes of a locked candidate are discarded */
		ncs.lock_candidate = NULL;
		ncs_candidate_reset();
		NCS_DEBUG("session %u ended: candidate unlocked", sess->id);
	}
	if (ncs.confirm_rollback && ncs.confirm_sess == sess &&
	    !ncs_persist_id[0])
		ncs_confirm_rollback("session ended");
}

static struct nc_server_reply *ncs_op_kill(struct lyd_node *rpc,
					   struct ncs_sess *sess)
{
	const char *sid = ncs_child_value(rpc, "session-id");
	uint32_t id = sid ? strtoul(sid, NULL, 10) : 0;
	struct ncs_sess *victim;

	if (id == sess->id)
		return ncs_reply_err(ncs_err(NC_ERR_INVALID_VALUE,
					     NC_ERR_TYPE_PROT, NULL,
					     "use close-session to end this session"));
	victim = ncs_sess_find_id(id);
	if (!victim)
		return ncs_reply_err(ncs_err(NC_ERR_INVALID_VALUE,
					     NC_ERR_TYPE_PROT, NULL,
					     "no session %u", id));
	zlog_info("NETCONF: session %u (%s) killed by session %u (%s)",
		  victim->id, victim->user, sess->id, sess->user);
	ncs_ops_session_gone(victim);
	/* the server thread sees it invalid and frees it */
	nc_session_set_term_reason(victim->nc, NC_SESSION_TERM_KILLED);
	nc_session_set_killed_by(victim->nc, sess->id);
	nc_session_set_status(victim->nc, NC_STATUS_INVALID);
	return nc_server_reply_ok();
}

/* ----- the modules' own RPCs ----------------------------------------------- */

static struct nc_server_reply *ncs_op_module_rpc(struct lyd_node *rpc,
						 struct ncs_sess *sess)
{
	char xpath[XPATH_MAXLEN], path[XPATH_MAXLEN];
	struct nb_node *nb_node;
	struct list *input, *output;
	struct listnode *ln;
	struct yang_data *data;
	struct lyd_node *n, *out = NULL;
	char errmsg[BUFSIZ] = "";
	int ret;

	if (rpc->schema->nodetype != LYS_RPC)
		return ncs_reply_err(ncs_err(NC_ERR_OP_NOT_SUPPORTED,
					     NC_ERR_TYPE_PROT, NULL,
					     "actions are not supported"));
	lysc_path(rpc->schema, LYSC_PATH_DATA, xpath, sizeof(xpath));
	nb_node = nb_node_find(xpath);
	if (!nb_node || !nb_node->cbs.rpc)
		return ncs_reply_err(ncs_err(NC_ERR_OP_NOT_SUPPORTED,
					     NC_ERR_TYPE_PROT, NULL,
					     "%s is not implemented", xpath));

	input = yang_data_list_new();
	output = yang_data_list_new();
	LYD_TREE_DFS_BEGIN (rpc, n) {
		if (n != rpc && (n->schema->nodetype & LYD_NODE_TERM))
			listnode_add(input,
				     yang_data_new(ncs_lyd_path(n, path,
								sizeof(path)),
						   lyd_get_value(n)));
		LYD_TREE_DFS_END(rpc, n);
	}
	ret = nb_callback_rpc(nb_node, xpath, input, output, errmsg,
			      sizeof(errmsg));
	list_delete(&input);
	if (ret != NB_OK) {
		list_delete(&output);
		return ncs_reply_err(ncs_err(NC_ERR_OP_FAILED, NC_ERR_TYPE_APP,
					     xpath, "%s",
					     errmsg[0] ? errmsg : "RPC failed"));
	}
	if (!listcount(output)) {
		list_delete(&output);
		return nc_server_reply_ok();
	}
	lyd_dup_single(rpc, NULL, 0, &out);
	for (ALL_LIST_ELEMENTS_RO(output, ln, data))
		if (lyd_new_path(out, ncs.ctx, data->xpath, data->value,
				 LYD_NEW_PATH_OUTPUT | LYD_NEW_PATH_UPDATE,
				 NULL))
			zlog_warn("NETCONF: bad RPC output %s", data->xpath);
	list_delete(&output);
	return nc_server_reply_data(out, NC_WD_EXPLICIT, NC_PARAMTYPE_FREE);
}

/* ----- get-schema (RFC 6022) ------------------------------------------------ */

static struct nc_server_reply *ncs_op_get_schema(struct lyd_node *rpc,
						 struct ncs_sess *sess)
{
	const char *id = ncs_child_value(rpc, "identifier");
	const char *rev = ncs_child_value(rpc, "version");
	const char *fmt = ncs_child_value(rpc, "format");
	const struct lys_module *mod = NULL;
	const struct lysp_submodule *sub = NULL;
	LYS_OUTFORMAT of = LYS_OUT_YANG;
	struct lyd_node *out = NULL;
	char *text = NULL;

	if (rev && !*rev)
		rev = NULL;
	if (fmt && strstr(fmt, "yin"))
		of = LYS_OUT_YIN;
	else if (fmt && !strstr(fmt, "yang"))
		return ncs_reply_err(ncs_err(NC_ERR_INVALID_VALUE,
					     NC_ERR_TYPE_APP, NULL,
					     "format %s is not supported", fmt));
	if (id) {
		mod = rev ? ly_ctx_get_module(ncs.ctx, id, rev)
			  : ly_ctx_get_module_implemented(ncs.ctx, id);
		if (!mod && !rev)
			mod = ly_ctx_get_module_latest(ncs.ctx, id);
		if (!mod)
			sub = rev ? ly_ctx_get_submodule(ncs.ctx, id, rev)
				  : ly_ctx_get_submodule_latest(ncs.ctx, id);
	}
	if (!mod && !sub)
		return ncs_reply_err(ncs_err(NC_ERR_INVALID_VALUE,
					     NC_ERR_TYPE_APP, NULL,
					     "no schema %s%s%s", id ? id : "",
					     rev ? "@" : "", rev ? rev : ""));
	if (mod)
		lys_print_mem(&text, mod, of, 0);
	else {
		struct ly_out *o = NULL;

		if (!ly_out_new_memory(&text, 0, &o)) {
			lys_print_submodule(o, sub, of, 0, 0);
			ly_out_free(o, NULL, 0);
		}
	}
	if (!text || lyd_dup_single(rpc, NULL, 0, &out) ||
	    lyd_new_any(out, NULL, "data", text, 1, LYD_ANYDATA_STRING, 1,
			NULL)) {
		free(text);
		lyd_free_all(out);
		return ncs_reply_err(ncs_err(NC_ERR_OP_FAILED, NC_ERR_TYPE_APP,
					     NULL, "cannot print the schema"));
	}
	return nc_server_reply_data(out, NC_WD_EXPLICIT, NC_PARAMTYPE_FREE);
}

/* ----- dispatch ----------------------------------------------------------- */

static const char *const ncs_write_ops[] = {
	"edit-config", "copy-config",	  "delete-config", "commit",
	"cancel-commit", "discard-changes", "lock",	   "unlock",
	"kill-session",
};

struct nc_server_reply *ncs_rpc_dispatch(struct lyd_node *rpc,
					 struct ncs_sess *sess)
{
	const char *mod = rpc->schema->module->name;
	const char *op = rpc->schema->name;
	bool nc = !strcmp(mod, "ietf-netconf");
	bool write = !nc && strcmp(mod, "notifications") &&
		     strcmp(mod, "ietf-netconf-monitoring");

	for (size_t i = 0; nc && i < array_size(ncs_write_ops); i++)
		if (!strcmp(op, ncs_write_ops[i]))
			write = true;
	NCS_DEBUG("session %u (%s): %s:%s", sess->id, sess->user, mod, op);
	if (write && sess->access != NCS_ACCESS_RW) {
		zlog_info("NETCONF: %s denied to read-only user %s", op,
			  sess->user);
		return ncs_reply_err(ncs_err(
			NC_ERR_ACCESS_DENIED, NC_ERR_TYPE_PROT, NULL,
			"user %s may not use %s (read-only)", sess->user, op));
	}
	if (!strcmp(mod, "notifications") && !strcmp(op, "create-subscription"))
		return ncs_notif_subscribe(rpc, sess);
	if (!strcmp(mod, "ietf-netconf-monitoring") && !strcmp(op, "get-schema"))
		return ncs_op_get_schema(rpc, sess);
	if (!nc)
		return ncs_op_module_rpc(rpc, sess);

	if (!strcmp(op, "get"))
		return ncs_op_get(rpc, sess, false);
	if (!strcmp(op, "get-config"))
		return ncs_op_get(rpc, sess, true);
	if (!strcmp(op, "edit-config"))
		return ncs_op_edit(rpc, sess);
	if (!strcmp(op, "copy-config"))
		return ncs_op_copy(rpc, sess);
	if (!strcmp(op, "commit"))
		return ncs_op_commit(rpc, sess);
	if (!strcmp(op, "cancel-commit"))
		return ncs_op_cancel_commit(rpc, sess);
	if (!strcmp(op, "discard-changes"))
		return ncs_op_discard(rpc, sess);
	if (!strcmp(op, "validate"))
		return ncs_op_validate(rpc, sess);
	if (!strcmp(op, "lock"))
		return ncs_op_lock(rpc, sess, true);
	if (!strcmp(op, "unlock"))
		return ncs_op_lock(rpc, sess, false);
	if (!strcmp(op, "kill-session"))
		return ncs_op_kill(rpc, sess);
	return ncs_reply_err(ncs_err(NC_ERR_OP_NOT_SUPPORTED, NC_ERR_TYPE_PROT,
				     NULL, "%s is not supported", op));
}

void ncs_ops_init(void)
{
	ncs.candidate = NULL;
	ncs.candidate_dirty = false;
}

void ncs_ops_fini(void)
{
	THREAD_OFF(ncs.t_confirm);
	if (ncs.confirm_rollback)
		nb_config_free(ncs.confirm_rollback);
	ncs.confirm_rollback = NULL;
	if (ncs.lock_running)
		nb_running_unlock(NB_CLIENT_NETCONF, ncs.lock_running);
	ncs.lock_running = ncs.lock_candidate = NULL;
	if (ncs.candidate)
		nb_config_free(ncs.candidate);
	ncs.candidate = NULL;
}
