/*
 * NETCONF server module: the libnetconf2 libyang context, the data bridge
 * to FRR's native context, and rpc-error construction.
 *
 * Why a second context: libnetconf2 keeps RPC callbacks in
 * lysc_node->priv, where FRR keeps its nb_node pointers, and the ietf
 * NETCONF modules must not be loaded into FRR's context (the northbound
 * would find config nodes without callbacks).  So libnetconf2 gets its own
 * context holding the ietf NETCONF modules (embedded from yang/ietf/) plus
 * every module implemented in FRR's context, loaded by name with the same
 * revisions and features.  Data crosses between the two as XML (configs
 * are small): print in one context, parse in the other.  Schema-level
 * checks (types, ranges, unknown nodes) happen when a client's data is
 * parsed in the NETCONF context, which yields precise rpc-errors.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include "log.h"
#include "printfrr.h"
#include "yang.h"

#include "mcr_netconf.h"

/* The ietf modules the server implements, with the features it supports. */
static const char *const ncs_nc_features[] = {
	"writable-running", "candidate",	"confirmed-commit",
	"rollback-on-error", "validate", "xpath",
	NULL,
};

static const struct {
	const char *name;
	const char *const *features;
} ncs_ietf_modules[] = {
	{"ietf-netconf", ncs_nc_features},
	{"ietf-netconf-with-defaults", NULL},
	{"ietf-netconf-monitoring", NULL},
	{"notifications", NULL},
	{"nc-notifications", NULL},
};

/* Enabled features of a native module, as a NULL-terminated array. */
static const char **ncs_module_features(const struct lys_module *mod)
{
	struct lysp_feature *f = NULL;
	uint32_t idx = 0, n = 0;
	const char **feats;

	while ((f = lysp_feature_next(f, mod->parsed, &idx)))
		n++;
	feats = calloc(n + 1, sizeof(*feats));
	n = 0;
	idx = 0;
	while ((f = lysp_feature_next(f, mod->parsed, &idx)))
		if (f->flags & LYS_FENABLED)
			feats[n++] = f->name;
	return feats;
}

struct ly_ctx *ncs_ctx_create(void)
{
	struct ly_ctx *ctx;
	const struct lys_module *mod;
	ly_module_imp_clb imp_clb;
	void *imp_data;
	uint32_t idx = 0;
	const char *dir = YANG_MODELS_PATH;

	if (access(dir, R_OK | X_OK))
		dir = NULL;
	/*
	 * Unlike FRR's own contexts this one has ietf-yang-library: libyang
	 * implements it (2019-01-04) and libnetconf2 advertises it in the
	 * hello (yang-library:1.1), so YANG 1.1 modules are discoverable.
	 */
	if (ly_ctx_new(dir, LY_CTX_DISABLE_SEARCHDIR_CWD, &ctx) != LY_SUCCESS)
		return NULL;
	/* FRR's embedded-module import callback (ours are embedded too) */
	imp_clb = ly_ctx_get_module_imp_clb(ly_native_ctx, &imp_data);
	ly_ctx_set_module_imp_clb(ctx, imp_clb, imp_data);

	for (size_t i = 0; i < array_size(ncs_ietf_modules); i++) {
		const char **f = (const char **)ncs_ietf_modules[i].features;

		if (!ly_ctx_load_module(ctx, ncs_ietf_modules[i].name, NULL,
					f)) {
			zlog_err("NETCONF: cannot load YANG module %s",
				 ncs_ietf_modules[i].name);
			ly_ctx_destroy(ctx);
			return NULL;
		}
	}

	/* Every module the daemon implements, same revision and features. */
	while ((mod = ly_ctx_get_module_iter(ly_native_ctx, &idx))) {
		const char **feats;
		const struct lys_module *m;

		if (!mod->implemented ||
		    ly_ctx_get_module_implemented(ctx, mod->name))
			continue;
		feats = ncs_module_features(mod);
		m = ly_ctx_load_module(ctx, mod->name, mod->revision, feats);
		free(feats);
		if (!m)
			zlog_warn("NETCONF: cannot load YANG module %s@%s",
				  mod->name, mod->revision ? mod->revision : "");
		else
			NCS_DEBUG("serving YANG module %s", mod->name);
	}
	return ctx;
}

/*
 * Convert a data tree of FRR's context into the NETCONF context.  Only
 * explicit nodes travel; with 'defaults' the implicit default nodes are
 * recreated (flagged as defaults, so with-defaults modes print right).
 * Returns NULL for an empty tree (err unset) or on error (err set).
 */
struct lyd_node *ncs_native_to_nc(const struct lyd_node *native, bool state,
				  bool defaults, struct lyd_node **err)
{
	struct lyd_node *tree = NULL;
	char *xml = NULL;
	uint32_t popt = LYD_PARSE_ONLY | LYD_PARSE_STRICT;

	*err = NULL;
	if (!native)
		return NULL;
	if (!state)
		popt |= LYD_PARSE_NO_STATE;
	if (lyd_print_mem(&xml, native, LYD_XML,
			  LYD_PRINT_WITHSIBLINGS | LYD_PRINT_WD_EXPLICIT)) {
		*err = ncs_err(NC_ERR_OP_FAILED, NC_ERR_TYPE_APP, NULL,
			       "cannot print data");
		return NULL;
	}
	if (!xml)
		goto implicit;
	ly_err_clean(ncs.ctx, NULL);
	if (lyd_parse_data_mem(ncs.ctx, xml, LYD_XML, popt, 0, &tree)) {
		*err = ncs_err_ly(ncs.ctx, NC_ERR_OP_FAILED,
				  "converting data to the NETCONF context");
		free(xml);
		return NULL;
	}
	free(xml);
implicit:
	if (defaults)
		lyd_new_implicit_all(&tree, ncs.ctx,
				     state ? 0 : LYD_IMPLICIT_NO_STATE, NULL);
	return tree;
}

/*
 * Convert configuration from the NETCONF context into FRR's context,
 * adding FRR's implicit default nodes.  Returns NULL and sets err on error;
 * an empty tree is NULL with err NULL.
 */
struct lyd_node *ncs_nc_to_native(const struct lyd_node *nc,
				  struct lyd_node **err)
{
	struct lyd_node *tree = NULL;
	char *xml = NULL;

	*err = NULL;
	if (nc && lyd_print_mem(&xml, nc, LYD_XML, LYD_PRINT_WITHSIBLINGS)) {
		*err = ncs_err(NC_ERR_OP_FAILED, NC_ERR_TYPE_APP, NULL,
			       "cannot print data");
		return NULL;
	}
	if (xml) {
		ly_err_clean(ly_native_ctx, NULL);
		if (lyd_parse_data_mem(ly_native_ctx, xml, LYD_XML,
				       LYD_PARSE_ONLY | LYD_PARSE_STRICT |
					       LYD_PARSE_NO_STATE,
				       0, &tree)) {
			*err = ncs_err_ly(ly_native_ctx, NC_ERR_OP_FAILED,
					  "converting data to the daemon");
			free(xml);
			return NULL;
		}
		free(xml);
	}
	lyd_new_implicit_all(&tree, ly_native_ctx, LYD_IMPLICIT_NO_STATE,
			     NULL);
	return tree;
}

/* ----- rpc-error ------------------------------------------------------ */

struct lyd_node *ncs_err(NC_ERR tag, NC_ERR_TYPE type, const char *path,
			 const char *fmt, ...)
{
	struct lyd_node *e;
	char msg[1024];
	va_list ap;

	switch (tag) {
	case NC_ERR_LOCK_DENIED:
		e = nc_err(ncs.ctx, tag, 0);
		break;
	case NC_ERR_MISSING_ELEM:
	case NC_ERR_BAD_ELEM:
	case NC_ERR_UNKNOWN_ELEM:
		e = nc_err(ncs.ctx, tag, type, path ? path : "");
		break;
	case NC_ERR_MISSING_ATTR:
	case NC_ERR_BAD_ATTR:
	case NC_ERR_UNKNOWN_ATTR:
		e = nc_err(ncs.ctx, tag, type, "", path ? path : "");
		break;
	case NC_ERR_UNKNOWN_NS:
		e = nc_err(ncs.ctx, tag, type, path ? path : "", "");
		break;
	case NC_ERR_DATA_EXISTS:
	case NC_ERR_DATA_MISSING:
	case NC_ERR_MALFORMED_MSG:
		e = nc_err(ncs.ctx, tag);
		break;
	default:
		e = nc_err(ncs.ctx, tag, type);
		break;
	}
	if (!e)
		return NULL;
	if (path && tag != NC_ERR_MISSING_ELEM && tag != NC_ERR_BAD_ELEM &&
	    tag != NC_ERR_UNKNOWN_ELEM)
		nc_err_set_path(e, path);
	if (fmt) {
		va_start(ap, fmt);
		vsnprintfrr(msg, sizeof(msg), fmt, ap);
		va_end(ap);
		nc_err_set_msg(e, msg, "en");
	}
	return e;
}

/*
 * An rpc-error from the last libyang error of ctx.  The tag follows
 * RFC 7950 section 15 where the app-tag identifies the constraint,
 * RFC 6241 appendix A otherwise.
 */
struct lyd_node *ncs_err_ly(const struct ly_ctx *ctx, NC_ERR dflt_tag,
			    const char *what)
{
	const struct ly_err_item *ei = ly_err_last(ctx);
	NC_ERR tag = dflt_tag;
	NC_ERR_TYPE type = NC_ERR_TYPE_APP;
	const char *msg, *apptag = NULL;
	struct lyd_node *e;

	if (!ei)
		return ncs_err(dflt_tag, NC_ERR_TYPE_APP, NULL, "%s failed",
			       what);
	msg = ei->msg ? ei->msg : "invalid data";
	if (ei->apptag)
		apptag = ei->apptag;
	switch (ei->vecode) {
	case LYVE_SYNTAX_XML:
	case LYVE_SYNTAX:
		tag = NC_ERR_MALFORMED_MSG;
		type = NC_ERR_TYPE_RPC;
		break;
	case LYVE_REFERENCE:
		if (strstr(msg, "not found") || strstr(msg, "Unknown"))
			tag = NC_ERR_UNKNOWN_ELEM;
		else
			tag = NC_ERR_INVALID_VALUE;
		break;
	case LYVE_DATA:
		if (apptag && !strcmp(apptag, "instance-required"))
			tag = NC_ERR_DATA_MISSING;
		else if (apptag && (!strcmp(apptag, "data-not-unique") ||
				    !strcmp(apptag, "too-many-elements") ||
				    !strcmp(apptag, "too-few-elements") ||
				    !strcmp(apptag, "must-violation")))
			tag = NC_ERR_OP_FAILED;
		else if (strstr(msg, "Mandatory") || strstr(msg, "mandatory"))
			tag = NC_ERR_DATA_MISSING;
		else if (strstr(msg, "Unique data"))
			tag = NC_ERR_OP_FAILED, apptag = "data-not-unique";
		else if (strstr(msg, "nstance") && strstr(msg, "required"))
			tag = NC_ERR_DATA_MISSING, apptag = "instance-required";
		else if (strstr(msg, "Duplicate"))
			tag = NC_ERR_DATA_EXISTS;
		else
			tag = NC_ERR_INVALID_VALUE;
		break;
	case LYVE_SEMANTICS:
		tag = NC_ERR_OP_FAILED;
		break;
	default:
		break;
	}
	if (tag == NC_ERR_UNKNOWN_ELEM) {
		/* the bad element's name is the quoted word of the message */
		char elem[128] = "";
		const char *q = strchr(msg, '"');

		if (q) {
			strlcpy(elem, q + 1, sizeof(elem));
			if (strchr(elem, '"'))
				*strchr(elem, '"') = '\0';
		}
		e = ncs_err(tag, NC_ERR_TYPE_APP, elem, "%s", msg);
		if (e && ei->path)
			nc_err_set_path(e, ei->path);
	} else
		e = ncs_err(tag, type, ei->path, "%s", msg);
	if (e && apptag)
		nc_err_set_app_tag(e, apptag);
	ly_err_clean((struct ly_ctx *)ctx, NULL);
	return e;
}

struct nc_server_reply *ncs_reply_err(struct lyd_node *err)
{
	if (!err)
		return NULL;
	return nc_server_reply_err(err);
}
