/*
 * mcrouted northbound: RPCs (approve-prefix, clear-attachment,
 * generate-psk) and the operations behind them, shared with the exec
 * commands of mcr_vty.c.
 *
 * Persistent effects (approved prefixes, a generated PSK) are written to
 * the running configuration with one commit of a private candidate, so
 * they go through validation and reconcile like any other edit and
 * survive 'write memory'.
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
#include "yang.h"

#include "mcr/secret.h"

#include "mcrouted.h"
#include "mcr_core.h"
#include "mcr_nb.h"
#include "mcr_tunnel_cfg.h"

/* Most prefixes one approval call handles. */
#define MCR_APPROVE_MAX 4096

struct mcr_approval_item {
	const char *attach;	/* interned by the core */
	struct mcr_prefix p;
};

struct mcr_approve_ctx {
	const char *attach;	/* NULL: every attachment */
	struct mcr_approval_item *v;
	size_t n;
};

static int mcr_approve_pending_cb(const char *attach,
				  const struct mcr_prefix *p, void *arg)
{
	struct mcr_approve_ctx *ctx = arg;

	if (ctx->attach && strcmp(ctx->attach, attach))
		return 0;
	if (ctx->n >= MCR_APPROVE_MAX)
		return 1;
	ctx->v[ctx->n].attach = attach;
	ctx->v[ctx->n++].p = *p;
	return 0;
}

/* Commit @n edits (xpath, value; value NULL = create) to running. */
static int mcr_commit_edits(const char *const *xpaths,
			    const char *const *values, size_t n,
			    const char *comment, char *err, size_t errlen)
{
	struct nb_context ctx = {.client = NB_CLIENT_NONE};
	struct nb_config *cand;
	char errmsg[BUFSIZ] = "";
	int ret;

	cand = nb_config_dup(running_config);
	for (size_t i = 0; i < n; i++) {
		struct nb_node *nb_node = nb_node_find(xpaths[i]);
		struct yang_data *data;

		if (!nb_node) {
			snprintf(err, errlen, "unknown path %s", xpaths[i]);
			nb_config_free(cand);
			return -1;
		}
		data = yang_data_new(xpaths[i], values ? values[i] : NULL);
		ret = nb_candidate_edit(cand, nb_node,
					values && values[i] ? NB_OP_MODIFY
							    : NB_OP_CREATE,
					xpaths[i], NULL, data);
		yang_data_free(data);
		if (ret != NB_OK) {
			snprintf(err, errlen, "cannot edit %s", xpaths[i]);
			nb_config_free(cand);
			return -1;
		}
	}
	ret = nb_candidate_commit(&ctx, cand, true, comment, NULL, errmsg,
				  sizeof(errmsg));
	nb_config_free(cand);
	if (ret != NB_OK && ret != NB_ERR_NO_CHANGES) {
		snprintf(err, errlen, "commit failed: %s", errmsg);
		return -1;
	}
	return 0;
}

int mcr_approve(const char *attach, const char *prefix, bool all,
		bool persist, char *err, size_t errlen)
{
	struct mcr_approve_ctx ctx = {.attach = attach};
	struct mcr_deltas *d;
	struct mcr_errbuf eb;
	char **xpaths;
	int ret = 0;

	if (attach && !mcr_core_attach_find(mcr_core, attach)) {
		snprintf(err, errlen, "unknown attachment %s", attach);
		return -1;
	}
	if (!all && (!attach || !prefix)) {
		snprintf(err, errlen, "an attachment and a prefix, or all");
		return -1;
	}
	ctx.v = XCALLOC(MTYPE_TMP, MCR_APPROVE_MAX * sizeof(*ctx.v));
	if (all)
		mcr_core_pending_walk(mcr_core, mcr_approve_pending_cb, &ctx);
	else {
		if (mcr_prefix_parse(prefix, true, false, &ctx.v[0].p, &eb) !=
		    MCR_OK) {
			snprintf(err, errlen, "%s", eb.msg);
			XFREE(MTYPE_TMP, ctx.v);
			return -1;
		}
		ctx.v[0].attach = attach;
		ctx.n = 1;
	}

	d = mcr_deltas_scratch();
	mcr_core_batch_begin(mcr_core);
	for (size_t i = 0; i < ctx.n; i++)
		if (mcr_core_approve(mcr_core, ctx.v[i].attach, &ctx.v[i].p,
				     true, d, &eb) != MCR_OK)
			zlog_warn("approve %s: %s", ctx.v[i].attach, eb.msg);
	mcr_core_batch_end(mcr_core, d);
	mcr_deltas_apply(d);

	if (persist && ctx.n) {
		xpaths = XCALLOC(MTYPE_TMP, ctx.n * sizeof(*xpaths));
		for (size_t i = 0; i < ctx.n; i++) {
			char pbuf[MCR_PREFIX_STRLEN];

			xpaths[i] = XCALLOC(MTYPE_TMP, XPATH_MAXLEN);
			snprintf(xpaths[i], XPATH_MAXLEN,
				 MCR_XPATH_ATTACH "/approved-prefix[prefix='%s']",
				 ctx.v[i].attach,
				 mcr_prefix2str(&ctx.v[i].p, pbuf,
						sizeof(pbuf)));
		}
		ret = mcr_commit_edits((const char *const *)xpaths, NULL,
				       ctx.n, "mcrouted: approve prefixes",
				       err, errlen);
		for (size_t i = 0; i < ctx.n; i++)
			XFREE(MTYPE_TMP, xpaths[i]);
		XFREE(MTYPE_TMP, xpaths);
	}
	if (ret == 0)
		ret = ctx.n;
	XFREE(MTYPE_TMP, ctx.v);
	return ret;
}

int mcr_clear_attachment(const char *attach, char *err, size_t errlen)
{
	struct mcr_deltas *d = mcr_deltas_scratch();
	struct mcr_errbuf eb;

	if (mcr_core_attach_clear(mcr_core, attach, d, &eb) != MCR_OK) {
		mcr_deltas_apply(d);
		snprintf(err, errlen, "%s", eb.msg);
		return -1;
	}
	mcr_deltas_apply(d);
	return 0;
}

int mcr_psk_encrypt(const char *plain, char *token, size_t tsize, char *err,
		    size_t errlen)
{
	struct mcr_secret_key key;
	struct mcr_errbuf eb;
	enum mcr_err e;

	e = mcr_secret_key_load(mcr_secret_key_path(), true, &key, &eb);
	if (e == MCR_OK)
		e = mcr_secret_encrypt(&key, plain, strlen(plain), token,
				       tsize, &eb);
	mcr_secret_wipe(&key, sizeof(key));
	if (e != MCR_OK) {
		snprintf(err, errlen, "%s", eb.msg);
		return -1;
	}
	return 0;
}

/* ---- RPC callbacks ----------------------------------------------------------- */

static const char *mcr_rpc_in(struct nb_cb_rpc_args *args, const char *leaf)
{
	struct yang_data *y = yang_data_list_find(args->input, "%s/input/%s",
						  args->xpath, leaf);

	return y ? (y->value ? y->value : "") : NULL;
}

static void mcr_rpc_out(struct nb_cb_rpc_args *args, const char *leaf,
			const char *value)
{
	char xpath[XPATH_MAXLEN];

	if (!args->output)
		return;
	snprintf(xpath, sizeof(xpath), "%s/output/%s", args->xpath, leaf);
	listnode_add(args->output, yang_data_new(xpath, value));
}

int mcr_rpc_approve_prefix(struct nb_cb_rpc_args *args)
{
	const char *persist = mcr_rpc_in(args, "persist");
	char count[16];
	int n;

	n = mcr_approve(mcr_rpc_in(args, "attachment"),
			mcr_rpc_in(args, "prefix"), !!mcr_rpc_in(args, "all"),
			!persist || !strcmp(persist, "true"), args->errmsg,
			args->errmsg_len);
	if (n < 0)
		return NB_ERR;
	snprintf(count, sizeof(count), "%d", n);
	mcr_rpc_out(args, "approved-count", count);
	return NB_OK;
}

int mcr_rpc_clear_attachment(struct nb_cb_rpc_args *args)
{
	const char *attach = mcr_rpc_in(args, "attachment");

	if (!attach) {
		snprintf(args->errmsg, args->errmsg_len,
			 "attachment is mandatory");
		return NB_ERR;
	}
	return mcr_clear_attachment(attach, args->errmsg, args->errmsg_len)
		       ? NB_ERR
		       : NB_OK;
}

int mcr_rpc_generate_psk(struct nb_cb_rpc_args *args)
{
	const char *tunnel = mcr_rpc_in(args, "tunnel");
	const char *len = mcr_rpc_in(args, "length");
	const char *apply = mcr_rpc_in(args, "apply");
	const struct mcr_tunnel_cfg *t;
	char plain[MCR_SECRET_PSK_MAX + 1];
	char token[MCR_SECRET_TOKEN_SIZE(MCR_SECRET_PSK_MAX)];
	char xpath[XPATH_MAXLEN];
	const char *xp = xpath, *val = token;
	struct mcr_errbuf eb;
	int ret = NB_OK;

	t = tunnel ? mcr_tunnel_cfg_find(tunnel) : NULL;
	if (!t) {
		snprintf(args->errmsg, args->errmsg_len, "unknown tunnel %s",
			 tunnel ? tunnel : "");
		return NB_ERR;
	}
	if (t->type != MCR_TUNNEL_IPSEC) {
		snprintf(args->errmsg, args->errmsg_len,
			 "tunnel %s is not an IPsec tunnel", tunnel);
		return NB_ERR;
	}
	if (mcr_secret_psk_generate(len ? strtoul(len, NULL, 10)
					: MCR_SECRET_PSK_DEFAULT,
				    plain, sizeof(plain), &eb) != MCR_OK) {
		snprintf(args->errmsg, args->errmsg_len, "%s", eb.msg);
		return NB_ERR;
	}
	if (mcr_psk_encrypt(plain, token, sizeof(token), args->errmsg,
			    args->errmsg_len)) {
		ret = NB_ERR;
		goto done;
	}
	if (!apply || !strcmp(apply, "true")) {
		snprintf(xpath, sizeof(xpath), MCR_XPATH_TUNNEL "/psk",
			 tunnel);
		if (mcr_commit_edits(&xp, &val, 1, "mcrouted: generate psk",
				     args->errmsg, args->errmsg_len)) {
			ret = NB_ERR;
			goto done;
		}
	}
	mcr_rpc_out(args, "psk", token);
	if (mcr_rpc_in(args, "reveal"))
		mcr_rpc_out(args, "plaintext", plain);
done:
	mcr_secret_wipe(plain, sizeof(plain));
	return ret;
}
