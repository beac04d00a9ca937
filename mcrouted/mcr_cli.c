/*
 * mcrouted CLI: 'router mcr', its global settings, provider profiles and
 * route tables, and the 'show running-config' rendering of the whole model.
 * Commands only enqueue northbound changes (DEFPY_YANG +
 * nb_cli_enqueue_change); the cli_show callbacks print exactly what the
 * commands accept, so running-config reloads identically.
 *
 * Most leaves are rendered by one generic callback, mcr_cli_show_leaf():
 * the command is the leaf name, preceded by the names of the containers
 * between it and its block (router mcr, a list entry, netconf), e.g.
 * ' bgp local-as 65000' or '  ipv4 inbound-limit 100'; a boolean prints
 * as 'NAME' or 'no NAME'.  The CLI commands follow that grammar.
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
#include "northbound_cli.h"
#include "vty.h"
#include "yang.h"

#include "mcrouted.h"
#include "mcr_nb.h"
#include "mcr_vty.h"

#ifndef VTYSH_EXTRACT_PL
#include "mcrouted/mcr_cli_clippy.c"
#endif

#define MCR_STR "Multi-cloud transit router (mcrouted)\n"

/* ---- helpers shared by the CLI files ------------------------------------ */

int mcr_cli_leaf(struct vty *vty, bool no, const char *path,
		 const char *value)
{
	char xpath[XPATH_MAXLEN];
	struct nb_node *nb_node;

	if (!no) {
		nb_cli_enqueue_change(vty, path, NB_OP_MODIFY, value);
		return nb_cli_apply_changes(vty, NULL);
	}
	/* 'no': back to the default if the leaf has one, else remove it */
	snprintf(xpath, sizeof(xpath), "%s%s", VTY_CURR_XPATH, path + 1);
	nb_node = nb_node_find(xpath);
	if (nb_node && yang_snode_get_default(nb_node->snode))
		nb_cli_enqueue_change(vty, path, NB_OP_MODIFY, NULL);
	else
		nb_cli_enqueue_change(vty, path, NB_OP_DESTROY, NULL);
	return nb_cli_apply_changes(vty, NULL);
}

int mcr_cli_llist(struct vty *vty, bool no, const char *path,
		  const char *value)
{
	char xpath[XPATH_MAXLEN];

	/* FRR adds the [.='value'] predicate itself on create */
	if (no) {
		snprintf(xpath, sizeof(xpath), "%s[.='%s']", path, value);
		nb_cli_enqueue_change(vty, xpath, NB_OP_DESTROY, NULL);
	} else
		nb_cli_enqueue_change(vty, path, NB_OP_CREATE, value);
	return nb_cli_apply_changes(vty, NULL);
}

int mcr_cli_enter(struct vty *vty, enum node_type node, const char *fmt,
		  const char *name)
{
	char xpath[XPATH_MAXLEN];
	int ret;

	snprintf(xpath, sizeof(xpath), fmt, name);
	nb_cli_enqueue_change(vty, xpath, NB_OP_CREATE, NULL);
	ret = nb_cli_apply_changes(vty, NULL);
	if (ret == CMD_SUCCESS)
		VTY_PUSH_XPATH(node, xpath);
	return ret;
}

int mcr_cli_remove(struct vty *vty, const char *fmt, const char *name)
{
	char xpath[XPATH_MAXLEN];

	snprintf(xpath, sizeof(xpath), fmt, name);
	nb_cli_enqueue_change(vty, xpath, NB_OP_DESTROY, NULL);
	return nb_cli_apply_changes(vty, NULL);
}

/* ---- show running-config -------------------------------------------------- */

void mcr_cli_show_router(struct vty *vty, const struct lyd_node *dnode,
			 bool show_defaults)
{
	vty_out(vty, "router mcr\n");
}

void mcr_cli_show_router_end(struct vty *vty, const struct lyd_node *dnode)
{
	vty_out(vty, "exit\n!\n");
}

void mcr_cli_show_leaf(struct vty *vty, const struct lyd_node *dnode,
		       bool show_defaults)
{
	const struct lyd_node *p = lyd_parent(dnode);
	const char *words[8];
	int n = 0, indent;
	const struct lysc_node_leaf *sleaf =
		(const struct lysc_node_leaf *)dnode->schema;
	bool is_bool = sleaf->type->basetype == LY_TYPE_BOOL;
	bool val = is_bool && yang_dnode_get_bool(dnode, NULL);

	while (p && p->schema->nodetype == LYS_CONTAINER &&
	       strcmp(p->schema->name, "mcrouted") &&
	       strcmp(p->schema->name, "netconf") && n < 8) {
		words[n++] = p->schema->name;
		p = lyd_parent(p);
	}
	indent = p && !strcmp(p->schema->name, "mcrouted") ? 1 : 2;
	vty_out(vty, "%*s%s", indent, "", is_bool && !val ? "no " : "");
	while (n--)
		vty_out(vty, "%s ", words[n]);
	if (is_bool)
		vty_out(vty, "%s\n", dnode->schema->name);
	else
		vty_out(vty, "%s %s\n", dnode->schema->name,
			yang_dnode_get_string(dnode, NULL));
}

void mcr_cli_show_entry(struct vty *vty, const struct lyd_node *dnode,
			bool show_defaults)
{
	vty_out(vty, " %s %s\n", dnode->schema->name,
		yang_dnode_get_string(dnode, "./name"));
}

void mcr_cli_show_entry_end(struct vty *vty, const struct lyd_node *dnode)
{
	vty_out(vty, " exit\n");
}

int mcr_cli_cmp_name(const struct lyd_node *dnode1,
		     const struct lyd_node *dnode2)
{
	return strcmp(yang_dnode_get_string(dnode1, "./name"),
		      yang_dnode_get_string(dnode2, "./name"));
}

void mcr_cli_show_static(struct vty *vty, const struct lyd_node *dnode,
			 bool show_defaults)
{
	vty_out(vty, "  route %s attachment %s\n",
		yang_dnode_get_string(dnode, "./prefix"),
		yang_dnode_get_string(dnode, "./attachment"));
}

void mcr_cli_show_blackhole(struct vty *vty, const struct lyd_node *dnode,
			    bool show_defaults)
{
	vty_out(vty, "  route %s blackhole\n",
		yang_dnode_get_string(dnode, NULL));
}

/* ---- router mcr -------------------------------------------------------------- */

static int mcr_config_write(struct vty *vty);

static struct cmd_node mcrouted_node = {
	.name = "mcr",
	.node = MCROUTED_NODE,
	.parent_node = CONFIG_NODE,
	.prompt = "%s(config-mcr)# ",
	.config_write = mcr_config_write,
};

static struct cmd_node mcr_profile_node = {
	.name = "mcr profile",
	.node = MCR_PROFILE_NODE,
	.parent_node = MCROUTED_NODE,
	.prompt = "%s(config-mcr-profile)# ",
};

static struct cmd_node mcr_rtable_node = {
	.name = "mcr route-table",
	.node = MCR_RTABLE_NODE,
	.parent_node = MCROUTED_NODE,
	.prompt = "%s(config-mcr-table)# ",
};

DEFPY_YANG_NOSH(router_mcr, router_mcr_cmd, "router mcr",
		ROUTER_STR MCR_STR)
{
	/* The top container always exists; entering it changes nothing. */
	VTY_PUSH_XPATH(MCROUTED_NODE, MCR_XPATH);
	return CMD_SUCCESS;
}

DEFPY_YANG(mcr_distance, mcr_distance_cmd,
	   "[no] distance ![(1-255)$distance]",
	   NO_STR
	   "Administrative distance of mcr routes in zebra\n"
	   "Distance\n")
{
	return mcr_cli_leaf(vty, no, "./distance", distance_str);
}

DEFPY_YANG(mcr_default_route, mcr_default_route_cmd,
	   "[no] default-route ![<accept|refuse>$pol]",
	   NO_STR
	   "Treatment of received default routes\n"
	   "Accept them like any prefix\n"
	   "Refuse them (reason default-route)\n")
{
	return mcr_cli_leaf(vty, no, "./default-route", pol);
}

DEFPY_YANG(mcr_builtin_bogons, mcr_builtin_bogons_cmd,
	   "[no] builtin-bogons",
	   NO_STR
	   "Use the built-in bogon list\n")
{
	return mcr_cli_leaf(vty, false, "./builtin-bogons",
			    no ? "false" : "true");
}

DEFPY_YANG(mcr_bogon, mcr_bogon_cmd,
	   "[no] <bogon|bogon-exception>$which <A.B.C.D/M|X:X::X:X/M>$pfx",
	   NO_STR
	   "Additional bogon prefix\n"
	   "Prefix exempt from the bogon check\n"
	   "IPv4 prefix\n"
	   "IPv6 prefix\n")
{
	char path[32];

	snprintf(path, sizeof(path), "./%s", which);
	return mcr_cli_llist(vty, no, path, pfx_str);
}

DEFPY_YANG(mcr_bgp_socket, mcr_bgp_socket_cmd,
	   "[no] bgp vty-socket ![FILE$path]",
	   NO_STR
	   "How mcrouted drives bgpd\n"
	   "bgpd's vty socket\n"
	   "Absolute path\n")
{
	return mcr_cli_leaf(vty, no, "./bgp/vty-socket", path);
}

DEFPY_YANG(mcr_bgp_local_as, mcr_bgp_local_as_cmd,
	   "[no] bgp local-as ![(0-4294967295)$asn]",
	   NO_STR
	   "How mcrouted drives bgpd\n"
	   "The transit's AS number\n"
	   "AS number\n")
{
	return mcr_cli_leaf(vty, no, "./bgp/local-as", asn_str);
}

DEFPY_YANG(mcr_vici_socket, mcr_vici_socket_cmd,
	   "[no] vici socket ![FILE$path]",
	   NO_STR
	   "strongSwan charon connection\n"
	   "charon's VICI socket\n"
	   "Absolute path\n")
{
	return mcr_cli_leaf(vty, no, "./vici/socket", path);
}

DEFPY_YANG(mcr_export_stream_path, mcr_export_stream_path_cmd,
	   "[no] export-stream path ![FILE$path]",
	   NO_STR
	   "Stream of export and state changes\n"
	   "Unix socket or file\n"
	   "Absolute path\n")
{
	return mcr_cli_leaf(vty, no, "./export-stream/path", path);
}

DEFPY_YANG(mcr_export_stream_mode, mcr_export_stream_mode_cmd,
	   "[no] export-stream mode ![<unix-socket|file>$mode]",
	   NO_STR
	   "Stream of export and state changes\n"
	   "Kind of path\n"
	   "Listen on a unix socket\n"
	   "Append to a file\n")
{
	return mcr_cli_leaf(vty, no, "./export-stream/mode", mode);
}

/* ---- profile NAME ------------------------------------------------------------- */

DEFPY_YANG_NOSH(mcr_profile, mcr_profile_cmd, "profile WORD$name",
		"Provider profile\n"
		"Profile name\n")
{
	return mcr_cli_enter(vty, MCR_PROFILE_NODE, MCR_XPATH_PROFILE, name);
}

DEFPY_YANG(no_mcr_profile, no_mcr_profile_cmd, "no profile WORD$name",
	   NO_STR
	   "Provider profile\n"
	   "Profile name\n")
{
	return mcr_cli_remove(vty, MCR_XPATH_PROFILE, name);
}

DEFPY_YANG(mcr_provider, mcr_provider_cmd,
	   "[no] provider ![<aws-direct-connect|aws-vpn|aws-tgw-connect|azure-expressroute|azure-vpn|gcp-interconnect|gcp-vpn|generic>$prov]",
	   NO_STR
	   "Cloud provider (selects the built-in defaults)\n"
	   MCR_PROVIDERS_HELP)
{
	return mcr_cli_leaf(vty, no, "./provider", prov);
}

DEFPY_YANG(mcr_peer_asn, mcr_peer_asn_cmd,
	   "[no] peer-asn ![(0-4294967295)$asn]",
	   NO_STR
	   "Peer AS number expected on this provider's circuits\n"
	   "AS number\n")
{
	return mcr_cli_leaf(vty, no, "./peer-asn", asn_str);
}

DEFPY_YANG(mcr_reserved_asn, mcr_reserved_asn_cmd,
	   "[no] reserved-asn (0-4294967295)$asn",
	   NO_STR
	   "AS number reserved by the provider\n"
	   "AS number\n")
{
	return mcr_cli_llist(vty, no, "./reserved-asn", asn_str);
}

DEFPY_YANG(mcr_limit_warning, mcr_limit_warning_cmd,
	   "[no] limit-warning ![(0-255)$pct]",
	   NO_STR
	   "Warn at this percentage of a prefix limit\n"
	   "Percent (1-100)\n")
{
	return mcr_cli_leaf(vty, no, "./limit-warning", pct_str);
}

DEFPY_YANG(mcr_limit_action, mcr_limit_action_cmd,
	   "[no] limit-action ![<warn|drop-excess|withdraw-all>$act]",
	   NO_STR
	   "Action when an inbound prefix limit is exceeded\n"
	   "Log and notify only\n"
	   "Refuse new prefixes past the limit\n"
	   "Withdraw all prefixes of the family\n")
{
	return mcr_cli_leaf(vty, no, "./limit-action", act);
}

DEFPY_YANG(mcr_family_limit, mcr_family_limit_cmd,
	   "[no] <ipv4|ipv6>$af <inbound-limit|outbound-limit>$which ![(0-4294967295)$lim]",
	   NO_STR
	   "IPv4 settings\n"
	   "IPv6 settings\n"
	   "Most prefixes accepted from the attachment\n"
	   "Most prefixes sent to the attachment\n"
	   "Prefixes (1-1000000)\n")
{
	char path[64];

	snprintf(path, sizeof(path), "./%s/%s", af, which);
	return mcr_cli_leaf(vty, no, path, lim_str);
}

DEFPY_YANG(mcr_family_len, mcr_family_len_cmd,
	   "[no] <ipv4|ipv6>$af <min-prefix-length|max-prefix-length>$which ![(0-255)$len]",
	   NO_STR
	   "IPv4 settings\n"
	   "IPv6 settings\n"
	   "Shortest accepted prefix length\n"
	   "Longest accepted prefix length\n"
	   "Prefix length\n")
{
	char path[64];

	snprintf(path, sizeof(path), "./%s/%s", af, which);
	return mcr_cli_leaf(vty, no, path, len_str);
}

/* ---- route-table NAME ------------------------------------------------------ */

DEFPY_YANG_NOSH(mcr_rtable, mcr_rtable_cmd, "route-table WORD$name",
		"Transit route table\n"
		"Route table name\n")
{
	return mcr_cli_enter(vty, MCR_RTABLE_NODE, MCR_XPATH_TABLE, name);
}

DEFPY_YANG(no_mcr_rtable, no_mcr_rtable_cmd, "no route-table WORD$name",
	   NO_STR
	   "Transit route table\n"
	   "Route table name\n")
{
	return mcr_cli_remove(vty, MCR_XPATH_TABLE, name);
}

DEFPY_YANG(mcr_description, mcr_description_cmd,
	   "description LINE...",
	   "Free text\n"
	   "Text\n")
{
	char *text = argv_concat(argv, argc, 1);
	int ret = mcr_cli_leaf(vty, false, "./description", text);

	XFREE(MTYPE_TMP, text);
	return ret;
}

DEFPY_YANG(no_mcr_description, no_mcr_description_cmd,
	   "no description",
	   NO_STR
	   "Free text\n")
{
	return mcr_cli_leaf(vty, true, "./description", NULL);
}

DEFPY_YANG(mcr_table_id, mcr_table_id_cmd,
	   "[no] table-id ![(0-4294967295)$id]",
	   NO_STR
	   "Kernel routing table this route table is installed in\n"
	   "Kernel table id (not 0, 253-255)\n")
{
	return mcr_cli_leaf(vty, no, "./table-id", id_str);
}

DEFPY_YANG(mcr_ecmp, mcr_ecmp_cmd, "[no] ecmp",
	   NO_STR
	   "Install equal candidates as a multipath route\n")
{
	return mcr_cli_leaf(vty, false, "./ecmp", no ? "false" : "true");
}

DEFPY_YANG(mcr_conflict_policy, mcr_conflict_policy_cmd,
	   "[no] conflict-policy ![<report|prefer-attachment|first-wins|reject-both>$pol]",
	   NO_STR
	   "Resolution of overlaps between attachments\n"
	   "Report only; longest match decides\n"
	   "The attachment with the better preference wins\n"
	   "The route accepted first wins\n"
	   "Both routes are refused\n")
{
	return mcr_cli_leaf(vty, no, "./conflict-policy", pol);
}

DEFPY_YANG(mcr_protected, mcr_protected_cmd,
	   "[no] protected-prefix <A.B.C.D/M|X:X::X:X/M>$pfx",
	   NO_STR
	   "Prefix no summary sent from this table may cover\n"
	   "IPv4 prefix\n"
	   "IPv6 prefix\n")
{
	return mcr_cli_llist(vty, no, "./protected-prefix", pfx_str);
}

DEFPY_YANG(mcr_route, mcr_route_cmd,
	   "route <A.B.C.D/M|X:X::X:X/M>$pfx <attachment WORD$att|blackhole$bh>",
	   "Static or blackhole route\n"
	   "IPv4 prefix\n"
	   "IPv6 prefix\n"
	   "To an attachment\n"
	   "Attachment name\n"
	   "Drop the traffic\n")
{
	char xpath[XPATH_MAXLEN];

	/* one prefix is either kind: replace the other in the same commit */
	snprintf(xpath, sizeof(xpath), "./static-route[prefix='%s']",
		 pfx_str);
	if (bh) {
		nb_cli_enqueue_change(vty, xpath, NB_OP_DESTROY, NULL);
		nb_cli_enqueue_change(vty, "./blackhole-route", NB_OP_CREATE,
				      pfx_str);
	} else {
		nb_cli_enqueue_change(vty, xpath, NB_OP_CREATE, NULL);
		strlcat(xpath, "/attachment", sizeof(xpath));
		nb_cli_enqueue_change(vty, xpath, NB_OP_MODIFY, att);
		snprintf(xpath, sizeof(xpath), "./blackhole-route[.='%s']",
			 pfx_str);
		nb_cli_enqueue_change(vty, xpath, NB_OP_DESTROY, NULL);
	}
	return nb_cli_apply_changes(vty, NULL);
}

DEFPY_YANG(no_mcr_route, no_mcr_route_cmd,
	   "no route <A.B.C.D/M|X:X::X:X/M>$pfx [<attachment WORD|blackhole>]",
	   NO_STR
	   "Static or blackhole route\n"
	   "IPv4 prefix\n"
	   "IPv6 prefix\n"
	   "To an attachment\n"
	   "Attachment name\n"
	   "Drop the traffic\n")
{
	char xpath[XPATH_MAXLEN];

	snprintf(xpath, sizeof(xpath), "./static-route[prefix='%s']",
		 pfx_str);
	nb_cli_enqueue_change(vty, xpath, NB_OP_DESTROY, NULL);
	snprintf(xpath, sizeof(xpath), "./blackhole-route[.='%s']", pfx_str);
	nb_cli_enqueue_change(vty, xpath, NB_OP_DESTROY, NULL);
	return nb_cli_apply_changes(vty, NULL);
}

/* ---- running-config ---------------------------------------------------------- */

static int mcr_config_write(struct vty *vty)
{
	const struct lyd_node *dnode;

	dnode = yang_dnode_get(running_config->dnode, MCR_XPATH);
	if (!dnode)
		return 0;
	nb_cli_show_dnode_cmds(vty, dnode, false);
	return 1;
}

void mcr_cli_init(void)
{
	install_node(&mcrouted_node);
	install_node(&mcr_profile_node);
	install_node(&mcr_rtable_node);
	install_default(MCROUTED_NODE);
	install_default(MCR_PROFILE_NODE);
	install_default(MCR_RTABLE_NODE);

	install_element(CONFIG_NODE, &router_mcr_cmd);
	install_element(MCROUTED_NODE, &mcr_distance_cmd);
	install_element(MCROUTED_NODE, &mcr_default_route_cmd);
	install_element(MCROUTED_NODE, &mcr_builtin_bogons_cmd);
	install_element(MCROUTED_NODE, &mcr_bogon_cmd);
	install_element(MCROUTED_NODE, &mcr_bgp_socket_cmd);
	install_element(MCROUTED_NODE, &mcr_bgp_local_as_cmd);
	install_element(MCROUTED_NODE, &mcr_vici_socket_cmd);
	install_element(MCROUTED_NODE, &mcr_export_stream_path_cmd);
	install_element(MCROUTED_NODE, &mcr_export_stream_mode_cmd);
	install_element(MCROUTED_NODE, &mcr_profile_cmd);
	install_element(MCROUTED_NODE, &no_mcr_profile_cmd);
	install_element(MCROUTED_NODE, &mcr_rtable_cmd);
	install_element(MCROUTED_NODE, &no_mcr_rtable_cmd);

	install_element(MCR_PROFILE_NODE, &mcr_peer_asn_cmd);
	install_element(MCR_PROFILE_NODE, &mcr_reserved_asn_cmd);
	install_element(MCR_PROFILE_NODE, &mcr_default_route_cmd);

	install_element(MCR_RTABLE_NODE, &mcr_table_id_cmd);
	install_element(MCR_RTABLE_NODE, &mcr_ecmp_cmd);
	install_element(MCR_RTABLE_NODE, &mcr_conflict_policy_cmd);
	install_element(MCR_RTABLE_NODE, &mcr_protected_cmd);
	install_element(MCR_RTABLE_NODE, &mcr_route_cmd);
	install_element(MCR_RTABLE_NODE, &no_mcr_route_cmd);

	mcr_cli_attach_init();
	mcr_cli_tunnel_init();

	/* Commands several sub-nodes share.  (Installed here, each node
	 * spelled out: vtysh's command extraction needs literal install
	 * calls.) */
	install_element(MCR_RTABLE_NODE, &mcr_description_cmd);
	install_element(MCR_RTABLE_NODE, &no_mcr_description_cmd);
	install_element(MCR_ATTACH_NODE, &mcr_description_cmd);
	install_element(MCR_ATTACH_NODE, &no_mcr_description_cmd);
	install_element(MCR_TUNNEL_NODE, &mcr_description_cmd);
	install_element(MCR_TUNNEL_NODE, &no_mcr_description_cmd);
	install_element(MCR_PROFILE_NODE, &mcr_provider_cmd);
	install_element(MCR_ATTACH_NODE, &mcr_provider_cmd);
	install_element(MCR_PROFILE_NODE, &mcr_limit_warning_cmd);
	install_element(MCR_ATTACH_NODE, &mcr_limit_warning_cmd);
	install_element(MCR_PROFILE_NODE, &mcr_limit_action_cmd);
	install_element(MCR_ATTACH_NODE, &mcr_limit_action_cmd);
	install_element(MCR_PROFILE_NODE, &mcr_family_limit_cmd);
	install_element(MCR_ATTACH_NODE, &mcr_family_limit_cmd);
	install_element(MCR_PROFILE_NODE, &mcr_family_len_cmd);
	install_element(MCR_ATTACH_NODE, &mcr_family_len_cmd);
}
