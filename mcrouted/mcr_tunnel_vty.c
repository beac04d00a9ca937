/*
 * mcrouted: tunnel show commands and debug flag.
 *
 *   show mcr tunnel [NAME] [json]
 *   [no] debug mcr tunnel
 *
 * Output never contains a PSK (the runtime holds only the encrypted
 * token, and show prints not even that) nor an SPI.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include "command.h"
#include "json.h"
#include "vty.h"

#include "mcrouted.h"
#include "mcr_tunnel.h"
#include "mcr_vici.h"

#ifndef VTYSH_EXTRACT_PL
#include "mcrouted/mcr_tunnel_vty_clippy.c"
#endif

static const char *mcr_preset_name(enum mcr_tcfg_preset p)
{
	switch (p) {
	case MCR_TCFG_PRESET_AWS_VPN:
		return "aws-vpn";
	case MCR_TCFG_PRESET_AZURE_VPN:
		return "azure-vpn";
	case MCR_TCFG_PRESET_AWS_TGW_CONNECT:
		return "aws-tgw-connect";
	default:
		return "none";
	}
}

static void mcr_json_ip(json_object *j, const char *key, const struct ipaddr *a)
{
	char buf[INET6_ADDRSTRLEN];

	if (a->ipa_type == IPADDR_NONE)
		return;
	ipaddr2str(a, buf, sizeof(buf));
	json_object_string_add(j, key, buf);
}

static json_object *mcr_tun_json(const struct mcr_tun *t)
{
	json_object *j = json_object_new_object(), *js, *jc, *ja;
	char reason[256], buf[PREFIX_STRLEN];
	uint64_t in, out;

	json_object_string_add(j, "name", t->name);
	json_object_string_add(j, "type", t->cfg.type == MCR_TUNNEL_GRE
						  ? "gre"
						  : "ipsec");
	json_object_string_add(j, "preset", mcr_preset_name(t->cfg.preset));
	json_object_string_add(j, "state",
			       mcr_tunnel_state_name(mcr_tunnel_state(t->sm)));
	json_object_string_add(j, "operStatus", mcr_tun_oper_status(t));
	mcr_tun_reason(t, reason, sizeof(reason));
	json_object_string_add(j, "reason", reason);
	json_object_string_add(j, "lastError", mcr_tunnel_last_error(t->sm));
	if (t->last_error_time && mcr_tunnel_last_error(t->sm)[0]) {
		struct tm tm;
		char tbuf[64];

		gmtime_r(&t->last_error_time, &tm);
		strftime(tbuf, sizeof(tbuf), "%Y-%m-%dT%H:%M:%SZ", &tm);
		json_object_string_add(j, "lastErrorTime", tbuf);
	}
	json_object_boolean_add(j, "adminUp", t->cfg.admin_up);
	json_object_string_add(j, "dataplane", mcr_tun_dataplane_name(t->dp));
	json_object_string_add(j, "interface", mcr_tun_ifname(t));
	json_object_int_add(j, "ifindex", mcr_tunnel_ifindex(t->sm));
	if (t->if_id)
		json_object_int_add(j, "ifId", t->if_id);
	mcr_json_ip(j, "localAddress", &t->cfg.local);
	mcr_json_ip(j, "remoteAddress", &t->cfg.remote);
	if (t->cfg.inside_prefix.family)
		json_object_string_add(j, "insidePrefix",
				       prefix2str(&t->cfg.inside_prefix, buf,
						  sizeof(buf)));
	mcr_json_ip(j, "localInsideAddress", &t->cfg.local_inside);
	json_object_int_add(j, "mtu", t->cfg.mtu);
	json_object_boolean_add(j, "pskConfigured", t->cfg.psk[0] != 0);
	json_object_string_add(j, "attachment", t->cfg.attachment);
	json_object_boolean_add(j, "attachmentUp", mcr_tunnel_attach_up(t->sm));
	json_object_int_add(j, "uptime", mcr_tun_uptime(t));
	if (t->cfg.type == MCR_TUNNEL_IPSEC) {
		mcr_tun_bytes(t, &in, &out);
		json_object_int_add(j, "bytesIn", in);
		json_object_int_add(j, "bytesOut", out);
		json_object_int_add(j, "ikeSaCount", mcr_tunnel_n_ike(t->sm));
		json_object_int_add(j, "childSaCount",
				    mcr_tunnel_n_child(t->sm));
	}
	if (t->ike.valid) {
		js = json_object_new_object();
		json_object_int_add(js, "uniqueId", t->ike.uid);
		json_object_string_add(js, "state", t->ike.state);
		json_object_int_add(js, "version", t->ike.version);
		json_object_string_add(js, "localHost", t->ike.local_host);
		json_object_string_add(js, "remoteHost", t->ike.remote_host);
		json_object_string_add(js, "encryption", t->ike.encr);
		json_object_string_add(js, "integrity", t->ike.integ);
		json_object_string_add(js, "prf", t->ike.prf);
		json_object_string_add(js, "dhGroup", t->ike.dh);
		json_object_int_add(js, "established",
				    mcr_tun_ago(t->ike.established_at));
		if (t->ike.rekey_at)
			json_object_int_add(js, "rekeyIn",
					    mcr_tun_until(t->ike.rekey_at));
		json_object_object_add(j, "ikeSa", js);
	}
	ja = json_object_new_array();
	for (unsigned i = 0; i < t->n_child; i++) {
		const struct mcr_tun_child *c = &t->child[i];

		jc = json_object_new_object();
		json_object_int_add(jc, "uniqueId", c->uid);
		json_object_string_add(jc, "name", c->name);
		json_object_string_add(jc, "state", c->state);
		json_object_string_add(jc, "encryption", c->encr);
		json_object_string_add(jc, "integrity", c->integ);
		json_object_int_add(jc, "installed",
				    mcr_tun_ago(c->installed_at));
		if (c->rekey_at)
			json_object_int_add(jc, "rekeyIn",
					    mcr_tun_until(c->rekey_at));
		json_object_int_add(jc, "bytesIn", c->bytes_in);
		json_object_int_add(jc, "bytesOut", c->bytes_out);
		json_object_int_add(jc, "packetsIn", c->packets_in);
		json_object_int_add(jc, "packetsOut", c->packets_out);
		json_object_array_add(ja, jc);
	}
	json_object_object_add(j, "childSas", ja);
	return j;
}

static void mcr_tun_show(struct vty *vty, const struct mcr_tun *t)
{
	char reason[256], buf[PREFIX_STRLEN], l[INET6_ADDRSTRLEN] = "any",
					      r[INET6_ADDRSTRLEN] = "unset";
	uint64_t in, out, up = mcr_tun_uptime(t);

	if (t->cfg.local.ipa_type != IPADDR_NONE)
		ipaddr2str(&t->cfg.local, l, sizeof(l));
	if (t->cfg.remote.ipa_type != IPADDR_NONE)
		ipaddr2str(&t->cfg.remote, r, sizeof(r));
	vty_out(vty, "Tunnel %s (%s, preset %s)\n", t->name,
		t->cfg.type == MCR_TUNNEL_GRE ? "gre" : "ipsec",
		mcr_preset_name(t->cfg.preset));
	vty_out(vty, "  State: %s (oper %s)",
		mcr_tunnel_state_name(mcr_tunnel_state(t->sm)),
		mcr_tun_oper_status(t));
	if (up)
		vty_out(vty, ", up %02" PRIu64 ":%02" PRIu64 ":%02" PRIu64,
			up / 3600, up / 60 % 60, up % 60);
	vty_out(vty, "\n");
	mcr_tun_reason(t, reason, sizeof(reason));
	if (reason[0])
		vty_out(vty, "  Reason: %s\n", reason);
	if (mcr_tunnel_last_error(t->sm)[0])
		vty_out(vty, "  Last error: %s\n",
			mcr_tunnel_last_error(t->sm));
	vty_out(vty, "  Interface: %s (%s", mcr_tun_ifname(t),
		mcr_tun_dataplane_name(t->dp));
	if (mcr_tunnel_ifindex(t->sm))
		vty_out(vty, ", ifindex %u", mcr_tunnel_ifindex(t->sm));
	if (t->if_id)
		vty_out(vty, ", if_id %u", t->if_id);
	vty_out(vty, "), MTU %u\n", t->cfg.mtu);
	vty_out(vty, "  Outer: %s -> %s\n", l, r);
	if (t->cfg.inside_prefix.family)
		vty_out(vty, "  Inside: %s\n",
			prefix2str(&t->cfg.inside_prefix, buf, sizeof(buf)));
	if (t->cfg.attachment[0])
		vty_out(vty, "  Attachment: %s (%s)\n", t->cfg.attachment,
			mcr_tunnel_attach_up(t->sm) ? "up" : "down");
	if (t->cfg.type != MCR_TUNNEL_IPSEC)
		return;
	vty_out(vty, "  PSK: %s\n", t->cfg.psk[0] ? "configured (encrypted)"
						  : "none");
	if (t->ike.valid)
		vty_out(vty,
			"  IKE SA #%u: %s, IKEv%u, %s -> %s, %s/%s/%s/%s, established %" PRIu64
			"s\n",
			t->ike.uid, t->ike.state, t->ike.version,
			t->ike.local_host, t->ike.remote_host, t->ike.encr,
			t->ike.integ[0] ? t->ike.integ : "-", t->ike.prf,
			t->ike.dh, mcr_tun_ago(t->ike.established_at));
	for (unsigned i = 0; i < t->n_child; i++) {
		const struct mcr_tun_child *c = &t->child[i];

		vty_out(vty,
			"  CHILD SA #%u %s: %s, %s%s%s, installed %" PRIu64
			"s, in %" PRIu64 " bytes/%" PRIu64 " packets, out %" PRIu64
			" bytes/%" PRIu64 " packets\n",
			c->uid, c->name, c->state, c->encr,
			c->integ[0] ? "/" : "", c->integ,
			mcr_tun_ago(c->installed_at), c->bytes_in,
			c->packets_in, c->bytes_out, c->packets_out);
	}
	mcr_tun_bytes(t, &in, &out);
	vty_out(vty, "  Bytes: in %" PRIu64 ", out %" PRIu64 "\n", in, out);
}

struct mcr_show_ctx {
	struct vty *vty;
	json_object *js;
};

static int mcr_tun_show_walk(const struct mcr_tun *t, void *arg)
{
	struct mcr_show_ctx *ctx = arg;

	if (ctx->js)
		json_object_object_add(ctx->js, t->name, mcr_tun_json(t));
	else
		mcr_tun_show(ctx->vty, t);
	return 0;
}

DEFPY(show_mcr_tunnel, show_mcr_tunnel_cmd,
      "show mcr tunnel [WORD$name] [json$json]",
      SHOW_STR
      "Multi-cloud transit router (mcrouted)\n"
      "Tunnels to cloud VPN gateways\n"
      "Tunnel name\n"
      JSON_STR)
{
	struct mcr_show_ctx ctx = {.vty = vty};
	const struct mcr_tun *t = NULL;
	json_object *top = NULL;

	if (name) {
		t = mcr_tun_find(name);
		if (!t) {
			if (json)
				vty_out(vty, "{}\n");
			else
				vty_out(vty, "%% No tunnel %s\n", name);
			return json ? CMD_SUCCESS : CMD_WARNING;
		}
	}
	if (json) {
		top = json_object_new_object();
		if (t) {
			vty_json(vty, mcr_tun_json(t));
			json_object_free(top);
			return CMD_SUCCESS;
		}
		ctx.js = json_object_new_object();
		mcr_tun_walk(mcr_tun_show_walk, &ctx);
		json_object_object_add(top, "tunnels", ctx.js);
		json_object_string_add(top, "viciSocket",
				       mcr_vici_socket_path());
		json_object_boolean_add(top, "viciConnected",
					mcr_vici_is_connected());
		json_object_string_add(top, "viciStatus", mcr_vici_status());
		vty_json(vty, top);
		return CMD_SUCCESS;
	}
	if (t) {
		mcr_tun_show(vty, t);
		return CMD_SUCCESS;
	}
	vty_out(vty, "VICI: %s (%s)\n", mcr_vici_status(),
		mcr_vici_socket_path());
	mcr_tun_walk(mcr_tun_show_walk, &ctx);
	return CMD_SUCCESS;
}

DEFPY(debug_mcr_tunnel, debug_mcr_tunnel_cmd, "[no] debug mcr tunnel",
      NO_STR DEBUG_STR
      "Multi-cloud transit router (mcrouted)\n"
      "Tunnels: VICI, netlink and state changes\n")
{
	uint32_t mode = DEBUG_NODE2MODE(vty->node);

	DEBUG_MODE_SET(&mcr_dbg_tunnel, mode, !no);
	return CMD_SUCCESS;
}

void mcr_tunnel_vty_init(void)
{
	install_element(VIEW_NODE, &show_mcr_tunnel_cmd);
	install_element(ENABLE_NODE, &debug_mcr_tunnel_cmd);
	install_element(CONFIG_NODE, &debug_mcr_tunnel_cmd);
}
