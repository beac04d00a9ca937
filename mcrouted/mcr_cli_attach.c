/*
 * mcrouted CLI: 'attachment NAME' (circuits, tunnel and static
 * attachments).  The leaves print through mcr_cli_show_leaf() (mcr_cli.c);
 * approved prefixes print here.
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
#include "mcrouted/mcr_cli_attach_clippy.c"
#endif

static struct cmd_node mcr_attach_node = {
	.name = "mcr attachment",
	.node = MCR_ATTACH_NODE,
	.parent_node = MCROUTED_NODE,
	.prompt = "%s(config-mcr-attach)# ",
};

DEFPY_YANG_NOSH(mcr_attach, mcr_attach_cmd, "attachment WORD$name",
		"Attachment (circuit, tunnel or static)\n"
		"Attachment name\n")
{
	return mcr_cli_enter(vty, MCR_ATTACH_NODE, MCR_XPATH_ATTACH, name);
}

DEFPY_YANG(no_mcr_attach, no_mcr_attach_cmd, "no attachment WORD$name",
	   NO_STR
	   "Attachment (circuit, tunnel or static)\n"
	   "Attachment name\n")
{
	return mcr_cli_remove(vty, MCR_XPATH_ATTACH, name);
}

DEFPY_YANG(mcr_cli_kind, mcr_attach_kind_cmd,
	   "[no] kind ![<circuit|tunnel|static>$kind]",
	   NO_STR
	   "Kind of attachment\n"
	   "Cloud circuit reached through a BGP neighbor\n"
	   "Tunnel managed by mcrouted\n"
	   "Static next hop, no BGP\n")
{
	return mcr_cli_leaf(vty, no, "./kind", kind);
}

DEFPY_YANG(mcr_attach_ref, mcr_attach_ref_cmd,
	   "[no] <profile|tunnel|associate|redundancy-group>$leaf ![WORD$name]",
	   NO_STR
	   "Provider profile whose overrides apply\n"
	   "Tunnel this attachment runs over\n"
	   "Route table the attachment is associated with\n"
	   "Redundancy group (overlaps within it are no conflicts)\n"
	   "Name\n")
{
	char path[32];

	snprintf(path, sizeof(path), "./%s", leaf);
	return mcr_cli_leaf(vty, no, path, name);
}

DEFPY_YANG(mcr_attach_propagate, mcr_attach_propagate_cmd,
	   "[no] propagate WORD$name",
	   NO_STR
	   "Route table the attachment's routes are propagated into\n"
	   "Route table name\n")
{
	return mcr_cli_llist(vty, no, "./propagate", name);
}

DEFPY_YANG(mcr_attach_addr, mcr_attach_addr_cmd,
	   "[no] <neighbor|nexthop>$leaf <A.B.C.D|X:X::X:X>$addr",
	   NO_STR
	   "BGP neighbor whose routes belong to this attachment\n"
	   "Gateway of a static attachment\n"
	   "IPv4 address\n"
	   "IPv6 address\n")
{
	char path[32];

	snprintf(path, sizeof(path), "./%s", leaf);
	return mcr_cli_llist(vty, no, path, addr_str);
}

DEFPY_YANG(mcr_cli_iface, mcr_attach_iface_cmd,
	   "[no] interface ![IFNAME$ifname]",
	   NO_STR
	   "Interface the attachment is reached through\n"
	   "Interface name\n")
{
	return mcr_cli_leaf(vty, no, "./interface", ifname);
}

DEFPY_YANG(mcr_attach_approval, mcr_attach_approval_cmd,
	   "[no] approval-mode ![<automatic|manual>$mode]",
	   NO_STR
	   "Whether new prefixes need approval\n"
	   "Accept without approval\n"
	   "Hold new prefixes until approved\n")
{
	return mcr_cli_leaf(vty, no, "./approval-mode", mode);
}

DEFPY_YANG(mcr_cli_approved, mcr_attach_approved_cmd,
	   "approved-prefix <A.B.C.D/M|X:X::X:X/M>$pfx [max-length (0-255)$len]",
	   "Approved prefix of a manual-approval attachment\n"
	   "IPv4 prefix\n"
	   "IPv6 prefix\n"
	   "Also approve more specific prefixes up to this length\n"
	   "Prefix length\n")
{
	char xpath[XPATH_MAXLEN];

	snprintf(xpath, sizeof(xpath), "./approved-prefix[prefix='%s']",
		 pfx_str);
	nb_cli_enqueue_change(vty, xpath, NB_OP_CREATE, NULL);
	strlcat(xpath, "/max-length", sizeof(xpath));
	nb_cli_enqueue_change(vty, xpath, len_str ? NB_OP_MODIFY
						  : NB_OP_DESTROY,
			      len_str);
	return nb_cli_apply_changes(vty, NULL);
}

DEFPY_YANG(no_mcr_cli_approved, no_mcr_attach_approved_cmd,
	   "no approved-prefix <A.B.C.D/M|X:X::X:X/M>$pfx [max-length (0-255)]",
	   NO_STR
	   "Approved prefix of a manual-approval attachment\n"
	   "IPv4 prefix\n"
	   "IPv6 prefix\n"
	   "Also approve more specific prefixes up to this length\n"
	   "Prefix length\n")
{
	char xpath[XPATH_MAXLEN];

	snprintf(xpath, sizeof(xpath), "./approved-prefix[prefix='%s']",
		 pfx_str);
	nb_cli_enqueue_change(vty, xpath, NB_OP_DESTROY, NULL);
	return nb_cli_apply_changes(vty, NULL);
}

void mcr_cli_show_approved(struct vty *vty, const struct lyd_node *dnode,
			   bool show_defaults)
{
	vty_out(vty, "  approved-prefix %s",
		yang_dnode_get_string(dnode, "./prefix"));
	if (yang_dnode_exists(dnode, "./max-length"))
		vty_out(vty, " max-length %s",
			yang_dnode_get_string(dnode, "./max-length"));
	vty_out(vty, "\n");
}

DEFPY_YANG(mcr_attach_preference, mcr_attach_preference_cmd,
	   "[no] preference ![(0-4294967295)$pref]",
	   NO_STR
	   "Route selection preference (lower wins)\n"
	   "Preference (1-65535)\n")
{
	return mcr_cli_leaf(vty, no, "./preference", pref_str);
}

DEFPY_YANG(mcr_attach_aspath, mcr_attach_aspath_cmd,
	   "[no] as-path-mode ![<preserve|exclude-provider-asn|replace-with-local>$mode]",
	   NO_STR
	   "AS-path normalization of routes sent to this attachment\n"
	   "Send the AS path as learned\n"
	   "Remove the other clouds' provider ASNs\n"
	   "Replace private ASNs by the local AS\n")
{
	return mcr_cli_leaf(vty, no, "./as-path-mode", mode);
}

DEFPY_YANG(mcr_attach_bgpint, mcr_attach_bgpint_cmd,
	   "[no] bgp-integration ![<auto|manual>$mode]",
	   NO_STR
	   "Who applies the bgpd policy for this attachment\n"
	   "mcrouted applies it\n"
	   "The operator applies it ('show mcr bgp-config')\n")
{
	return mcr_cli_leaf(vty, no, "./bgp-integration", mode);
}

DEFPY_YANG(mcr_attach_shutdown, mcr_attach_shutdown_cmd, "[no] shutdown",
	   NO_STR
	   "Administratively down\n")
{
	return mcr_cli_leaf(vty, false, "./shutdown", no ? "false" : "true");
}

void mcr_cli_attach_init(void)
{
	install_node(&mcr_attach_node);
	install_default(MCR_ATTACH_NODE);

	install_element(MCROUTED_NODE, &mcr_attach_cmd);
	install_element(MCROUTED_NODE, &no_mcr_attach_cmd);

	install_element(MCR_ATTACH_NODE, &mcr_attach_kind_cmd);
	install_element(MCR_ATTACH_NODE, &mcr_attach_ref_cmd);
	install_element(MCR_ATTACH_NODE, &mcr_attach_propagate_cmd);
	install_element(MCR_ATTACH_NODE, &mcr_attach_addr_cmd);
	install_element(MCR_ATTACH_NODE, &mcr_attach_iface_cmd);
	install_element(MCR_ATTACH_NODE, &mcr_attach_approval_cmd);
	install_element(MCR_ATTACH_NODE, &mcr_attach_approved_cmd);
	install_element(MCR_ATTACH_NODE, &no_mcr_attach_approved_cmd);
	install_element(MCR_ATTACH_NODE, &mcr_attach_preference_cmd);
	install_element(MCR_ATTACH_NODE, &mcr_attach_aspath_cmd);
	install_element(MCR_ATTACH_NODE, &mcr_attach_bgpint_cmd);
	install_element(MCR_ATTACH_NODE, &mcr_attach_shutdown_cmd);
}
