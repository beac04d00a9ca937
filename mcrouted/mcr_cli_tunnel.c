/*
 * mcrouted CLI: 'tunnel NAME' and 'netconf'.
 *
 * PSKs never reach the datastore in plaintext: 'psk PLAINTEXT' and 'psk
 * generate' encrypt here, in mcrouted, before the candidate is edited
 * (mcr/secret.h); running-config shows 'psk encrypted $1$...'.
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

#include "mcr/secret.h"

#include "mcrouted.h"
#include "mcr_nb.h"
#include "mcr_vty.h"

#ifndef VTYSH_EXTRACT_PL
#include "mcrouted/mcr_cli_tunnel_clippy.c"
#endif

static struct cmd_node mcr_tunnel_node = {
	.name = "mcr tunnel",
	.node = MCR_TUNNEL_NODE,
	.parent_node = MCROUTED_NODE,
	.prompt = "%s(config-mcr-tunnel)# ",
};

static struct cmd_node mcr_netconf_node = {
	.name = "mcr netconf",
	.node = MCR_NETCONF_NODE,
	.parent_node = MCROUTED_NODE,
	.prompt = "%s(config-mcr-netconf)# ",
};

/* ---- tunnel NAME -------------------------------------------------------- */

DEFPY_YANG_NOSH(mcr_tunnel, mcr_tunnel_cmd, "tunnel WORD$name",
		"IPsec or GRE tunnel\n"
		"Tunnel name\n")
{
	return mcr_cli_enter(vty, MCR_TUNNEL_NODE, MCR_XPATH_TUNNEL, name);
}

DEFPY_YANG(no_mcr_tunnel, no_mcr_tunnel_cmd, "no tunnel WORD$name",
	   NO_STR
	   "IPsec or GRE tunnel\n"
	   "Tunnel name\n")
{
	return mcr_cli_remove(vty, MCR_XPATH_TUNNEL, name);
}

DEFPY_YANG(mcr_tunnel_type, mcr_tunnel_type_cmd,
	   "[no] type ![<ipsec|gre>$type]",
	   NO_STR
	   "Tunnel type\n"
	   "Route-based IPsec (strongSwan, xfrm interface)\n"
	   "GRE\n")
{
	return mcr_cli_leaf(vty, no, "./type", type);
}

DEFPY_YANG(mcr_tunnel_preset, mcr_tunnel_preset_cmd,
	   "[no] preset ![<none|aws-vpn|azure-vpn|aws-tgw-connect>$preset]",
	   NO_STR
	   "Provider preset\n"
	   "No preset\n"
	   "AWS Site-to-Site VPN tunnel\n"
	   "Azure VPN gateway\n"
	   "AWS Transit Gateway Connect (GRE)\n")
{
	return mcr_cli_leaf(vty, no, "./preset", preset);
}

DEFPY_YANG(mcr_tunnel_ifname, mcr_tunnel_ifname_cmd,
	   "[no] interface-name ![IFNAME$ifname]",
	   NO_STR
	   "Name of the interface mcrouted creates\n"
	   "Interface name\n")
{
	return mcr_cli_leaf(vty, no, "./interface-name", ifname);
}

DEFPY_YANG(mcr_tunnel_addr, mcr_tunnel_addr_cmd,
	   "[no] <local-address|remote-address|local-inside-address>$leaf ![<A.B.C.D|X:X::X:X>$addr]",
	   NO_STR
	   "Local outer address\n"
	   "Remote outer address (the cloud gateway)\n"
	   "Local address on the inside network\n"
	   "IPv4 address\n"
	   "IPv6 address\n")
{
	char path[32];

	snprintf(path, sizeof(path), "./%s", leaf);
	return mcr_cli_leaf(vty, no, path, addr_str);
}

DEFPY_YANG(mcr_tunnel_inside, mcr_tunnel_inside_cmd,
	   "[no] inside-prefix ![<A.B.C.D/M|X:X::X:X/M>$pfx]",
	   NO_STR
	   "Inside (overlay) network of the tunnel\n"
	   "IPv4 prefix\n"
	   "IPv6 prefix\n")
{
	return mcr_cli_leaf(vty, no, "./inside-prefix", pfx_str);
}

DEFPY_YANG(mcr_tunnel_num, mcr_tunnel_num_cmd,
	   "[no] <mtu|gre-key|ike-version|ike-lifetime|child-lifetime|rekey-margin|dpd-delay|if-id>$leaf ![(0-4294967295)$val]",
	   NO_STR
	   "MTU of the tunnel interface\n"
	   "GRE key\n"
	   "IKE version\n"
	   "IKE SA lifetime (seconds)\n"
	   "CHILD SA lifetime (seconds)\n"
	   "Rekey margin (seconds)\n"
	   "Dead peer detection delay (seconds)\n"
	   "XFRM interface id\n"
	   "Value\n")
{
	char path[32];

	snprintf(path, sizeof(path), "./%s", leaf);
	return mcr_cli_leaf(vty, no, path, val_str);
}

DEFPY_YANG(mcr_tunnel_proposal, mcr_tunnel_proposal_cmd,
	   "[no] <ike-proposal|esp-proposal>$leaf WORD$prop",
	   NO_STR
	   "IKE proposal (in order of preference)\n"
	   "ESP proposal (in order of preference)\n"
	   "strongSwan proposal, e.g. aes256gcm16-prfsha384-ecp384\n")
{
	char path[32];

	snprintf(path, sizeof(path), "./%s", leaf);
	return mcr_cli_llist(vty, no, path, prop);
}

DEFPY_YANG(mcr_tunnel_dpd_action, mcr_tunnel_dpd_action_cmd,
	   "[no] dpd-action ![<none|clear|restart>$act]",
	   NO_STR
	   "Action on dead peer detection\n"
	   "Nothing\n"
	   "Close the SA\n"
	   "Re-establish the SA\n")
{
	return mcr_cli_leaf(vty, no, "./dpd-action", act);
}

DEFPY_YANG(mcr_tunnel_start_action, mcr_tunnel_start_action_cmd,
	   "[no] start-action ![<none|start|trap>$act]",
	   NO_STR
	   "What charon does when the connection is loaded\n"
	   "Nothing\n"
	   "Initiate\n"
	   "Install a trap policy\n")
{
	return mcr_cli_leaf(vty, no, "./start-action", act);
}

DEFPY_YANG(mcr_tunnel_certificate, mcr_tunnel_certificate_cmd,
	   "[no] certificate ![WORD$cert]",
	   NO_STR
	   "Certificate file name in charon's x509 directory\n"
	   "File name\n")
{
	return mcr_cli_leaf(vty, no, "./certificate", cert);
}

DEFPY_YANG(mcr_tunnel_psk_enc, mcr_tunnel_psk_enc_cmd,
	   "psk encrypted WORD$token",
	   "Pre-shared key\n"
	   "Already encrypted under mcrouted's key file\n"
	   "Encrypted key ($1$...)\n")
{
	return mcr_cli_leaf(vty, false, "./psk", token);
}

DEFPY_YANG(mcr_tunnel_psk, mcr_tunnel_psk_cmd,
	   "psk <generate$gen [length (16-64)$len]|WORD$plain>",
	   "Pre-shared key\n"
	   "Generate a strong random key\n"
	   "Length\n"
	   "Characters\n"
	   "Plaintext key (stored encrypted)\n")
{
	char buf[MCR_SECRET_MAX_PLAIN + 1];
	char token[MCR_SECRET_TOKEN_SIZE(MCR_SECRET_MAX_PLAIN)];
	char err[256];
	struct mcr_errbuf eb;
	int ret;

	if (gen) {
		if (mcr_secret_psk_generate(len ? len : MCR_SECRET_PSK_DEFAULT,
					    buf, sizeof(buf),
					    &eb) != MCR_OK) {
			vty_out(vty, "%% %s\n", eb.msg);
			return CMD_WARNING_CONFIG_FAILED;
		}
	} else
		strlcpy(buf, plain, sizeof(buf));
	ret = mcr_psk_encrypt(buf, token, sizeof(token), err, sizeof(err));
	mcr_secret_wipe(buf, sizeof(buf));
	if (ret) {
		vty_out(vty, "%% psk: %s\n", err);
		return CMD_WARNING_CONFIG_FAILED;
	}
	return mcr_cli_leaf(vty, false, "./psk", token);
}

DEFPY_YANG(no_mcr_tunnel_psk, no_mcr_tunnel_psk_cmd, "no psk",
	   NO_STR
	   "Pre-shared key\n")
{
	return mcr_cli_leaf(vty, true, "./psk", NULL);
}

void mcr_cli_show_psk(struct vty *vty, const struct lyd_node *dnode,
		      bool show_defaults)
{
	vty_out(vty, "  psk encrypted %s\n",
		yang_dnode_get_string(dnode, NULL));
}

DEFPY_YANG(mcr_tunnel_shutdown, mcr_tunnel_shutdown_cmd, "[no] shutdown",
	   NO_STR
	   "Administratively down\n")
{
	return mcr_cli_leaf(vty, false, "./shutdown", no ? "false" : "true");
}

/* ---- netconf ------------------------------------------------------------ */

DEFPY_YANG_NOSH(mcr_netconf, mcr_netconf_cmd, "netconf",
		"NETCONF server\n")
{
	/* A non-presence container: entering it changes nothing. */
	VTY_PUSH_XPATH(MCR_NETCONF_NODE, MCR_XPATH_NETCONF);
	return CMD_SUCCESS;
}

void mcr_cli_show_netconf(struct vty *vty, const struct lyd_node *dnode,
			  bool show_defaults)
{
	vty_out(vty, " netconf\n");
}

void mcr_cli_show_netconf_end(struct vty *vty, const struct lyd_node *dnode)
{
	vty_out(vty, " exit\n");
}

DEFPY_YANG(mcr_nc_bool, mcr_nc_bool_cmd,
	   "[no] <ssh|tls>$t <enabled|password-authentication>$leaf",
	   NO_STR
	   "SSH transport\n"
	   "TLS transport\n"
	   "Listen\n"
	   "Allow password authentication (SSH)\n")
{
	char path[64];

	snprintf(path, sizeof(path), "./%s/%s", t, leaf);
	return mcr_cli_leaf(vty, false, path, no ? "false" : "true");
}

DEFPY_YANG(mcr_nc_address, mcr_nc_address_cmd,
	   "[no] <ssh|tls>$t address ![<A.B.C.D|X:X::X:X>$addr]",
	   NO_STR
	   "SSH transport\n"
	   "TLS transport\n"
	   "Listen address\n"
	   "IPv4 address\n"
	   "IPv6 address\n")
{
	char path[64];

	snprintf(path, sizeof(path), "./%s/address", t);
	return mcr_cli_leaf(vty, no, path, addr_str);
}

DEFPY_YANG(mcr_nc_port, mcr_nc_port_cmd,
	   "[no] <ssh|tls>$t port ![(0-65535)$port]",
	   NO_STR
	   "SSH transport\n"
	   "TLS transport\n"
	   "Listen port\n"
	   "Port\n")
{
	char path[64];

	snprintf(path, sizeof(path), "./%s/port", t);
	return mcr_cli_leaf(vty, no, path, port_str);
}

DEFPY_YANG(mcr_nc_file, mcr_nc_file_cmd,
	   "[no] <ssh|tls>$t <host-key|server-certificate|server-key|trusted-ca>$leaf ![FILE$path]",
	   NO_STR
	   "SSH transport\n"
	   "TLS transport\n"
	   "SSH host key\n"
	   "TLS server certificate\n"
	   "TLS server key\n"
	   "CA bundle for client certificates\n"
	   "Absolute path\n")
{
	char xp[64];

	snprintf(xp, sizeof(xp), "./%s/%s", t, leaf);
	return mcr_cli_leaf(vty, no, xp, path);
}

DEFPY_YANG(mcr_nc_user, mcr_nc_user_cmd,
	   "user WORD$name [{access <read-only|read-write>$acc|authorized-keys FILE$keys}]",
	   "NETCONF user\n"
	   "User name\n"
	   "Access rights\n"
	   "Read only\n"
	   "Read and write\n"
	   "SSH authorized keys file\n"
	   "Absolute path\n")
{
	char xpath[XPATH_MAXLEN], leaf[XPATH_MAXLEN + 32];

	snprintf(xpath, sizeof(xpath), "./user[name='%s']", name);
	nb_cli_enqueue_change(vty, xpath, NB_OP_CREATE, NULL);
	if (acc) {
		snprintf(leaf, sizeof(leaf), "%s/access", xpath);
		nb_cli_enqueue_change(vty, leaf, NB_OP_MODIFY, acc);
	}
	if (keys) {
		snprintf(leaf, sizeof(leaf), "%s/authorized-keys", xpath);
		nb_cli_enqueue_change(vty, leaf, NB_OP_MODIFY, keys);
	}
	return nb_cli_apply_changes(vty, NULL);
}

DEFPY_YANG(no_mcr_nc_user, no_mcr_nc_user_cmd, "no user WORD$name",
	   NO_STR
	   "NETCONF user\n"
	   "User name\n")
{
	char xpath[XPATH_MAXLEN];

	snprintf(xpath, sizeof(xpath), "./user[name='%s']", name);
	nb_cli_enqueue_change(vty, xpath, NB_OP_DESTROY, NULL);
	return nb_cli_apply_changes(vty, NULL);
}

void mcr_cli_show_nc_user(struct vty *vty, const struct lyd_node *dnode,
			  bool show_defaults)
{
	vty_out(vty, "  user %s\n", yang_dnode_get_string(dnode, "./name"));
}

void mcr_cli_show_nc_user_leaf(struct vty *vty, const struct lyd_node *dnode,
			       bool show_defaults)
{
	vty_out(vty, "  user %s %s %s\n",
		yang_dnode_get_string(lyd_parent(dnode), "./name"),
		dnode->schema->name, yang_dnode_get_string(dnode, NULL));
}

DEFPY_YANG(mcr_nc_c2n, mcr_nc_c2n_cmd,
	   "cert-to-name (1-4294967295)$id fingerprint WORD$fp [map-type <specified|san-rfc822-name|san-dns-name|san-ip-address|common-name>$mt] [name WORD$user]",
	   "Map a client certificate to a user\n"
	   "Entry id (tried in order)\n"
	   "Fingerprint: hash algorithm octet and hash, colon-separated\n"
	   "Fingerprint\n"
	   "How the user name is found\n"
	   "The 'name' given here\n"
	   "Subject alternative name (e-mail)\n"
	   "Subject alternative name (DNS)\n"
	   "Subject alternative name (IP address)\n"
	   "Common name\n"
	   "User name (with map-type specified)\n"
	   "User name\n")
{
	char xpath[XPATH_MAXLEN], leaf[XPATH_MAXLEN + 32];

	snprintf(xpath, sizeof(xpath), "./cert-to-name[id='%s']", id_str);
	nb_cli_enqueue_change(vty, xpath, NB_OP_CREATE, NULL);
	snprintf(leaf, sizeof(leaf), "%s/fingerprint", xpath);
	nb_cli_enqueue_change(vty, leaf, NB_OP_MODIFY, fp);
	snprintf(leaf, sizeof(leaf), "%s/map-type", xpath);
	nb_cli_enqueue_change(vty, leaf, NB_OP_MODIFY, mt);
	snprintf(leaf, sizeof(leaf), "%s/name", xpath);
	nb_cli_enqueue_change(vty, leaf, user ? NB_OP_MODIFY : NB_OP_DESTROY,
			      user);
	return nb_cli_apply_changes(vty, NULL);
}

DEFPY_YANG(no_mcr_nc_c2n, no_mcr_nc_c2n_cmd,
	   "no cert-to-name (1-4294967295)$id",
	   NO_STR
	   "Map a client certificate to a user\n"
	   "Entry id\n")
{
	char xpath[XPATH_MAXLEN];

	snprintf(xpath, sizeof(xpath), "./cert-to-name[id='%s']", id_str);
	nb_cli_enqueue_change(vty, xpath, NB_OP_DESTROY, NULL);
	return nb_cli_apply_changes(vty, NULL);
}

void mcr_cli_show_c2n(struct vty *vty, const struct lyd_node *dnode,
		      bool show_defaults)
{
	vty_out(vty, "  cert-to-name %s fingerprint %s",
		yang_dnode_get_string(dnode, "./id"),
		yang_dnode_get_string(dnode, "./fingerprint"));
	if (!yang_dnode_is_default(dnode, "./map-type"))
		vty_out(vty, " map-type %s",
			yang_dnode_get_string(dnode, "./map-type"));
	if (yang_dnode_exists(dnode, "./name"))
		vty_out(vty, " name %s", yang_dnode_get_string(dnode, "./name"));
	vty_out(vty, "\n");
}

int mcr_cli_cmp_c2n(const struct lyd_node *dnode1,
		    const struct lyd_node *dnode2)
{
	uint32_t a = yang_dnode_get_uint32(dnode1, "./id");
	uint32_t b = yang_dnode_get_uint32(dnode2, "./id");

	return a < b ? -1 : a > b;
}

void mcr_cli_tunnel_init(void)
{
	install_node(&mcr_tunnel_node);
	install_node(&mcr_netconf_node);
	install_default(MCR_TUNNEL_NODE);
	install_default(MCR_NETCONF_NODE);

	install_element(MCROUTED_NODE, &mcr_tunnel_cmd);
	install_element(MCROUTED_NODE, &no_mcr_tunnel_cmd);
	install_element(MCROUTED_NODE, &mcr_netconf_cmd);

	install_element(MCR_TUNNEL_NODE, &mcr_tunnel_type_cmd);
	install_element(MCR_TUNNEL_NODE, &mcr_tunnel_preset_cmd);
	install_element(MCR_TUNNEL_NODE, &mcr_tunnel_ifname_cmd);
	install_element(MCR_TUNNEL_NODE, &mcr_tunnel_addr_cmd);
	install_element(MCR_TUNNEL_NODE, &mcr_tunnel_inside_cmd);
	install_element(MCR_TUNNEL_NODE, &mcr_tunnel_num_cmd);
	install_element(MCR_TUNNEL_NODE, &mcr_tunnel_proposal_cmd);
	install_element(MCR_TUNNEL_NODE, &mcr_tunnel_dpd_action_cmd);
	install_element(MCR_TUNNEL_NODE, &mcr_tunnel_start_action_cmd);
	install_element(MCR_TUNNEL_NODE, &mcr_tunnel_certificate_cmd);
	install_element(MCR_TUNNEL_NODE, &mcr_tunnel_psk_enc_cmd);
	install_element(MCR_TUNNEL_NODE, &mcr_tunnel_psk_cmd);
	install_element(MCR_TUNNEL_NODE, &no_mcr_tunnel_psk_cmd);
	install_element(MCR_TUNNEL_NODE, &mcr_tunnel_shutdown_cmd);

	install_element(MCR_NETCONF_NODE, &mcr_nc_bool_cmd);
	install_element(MCR_NETCONF_NODE, &mcr_nc_address_cmd);
	install_element(MCR_NETCONF_NODE, &mcr_nc_port_cmd);
	install_element(MCR_NETCONF_NODE, &mcr_nc_file_cmd);
	install_element(MCR_NETCONF_NODE, &mcr_nc_user_cmd);
	install_element(MCR_NETCONF_NODE, &no_mcr_nc_user_cmd);
	install_element(MCR_NETCONF_NODE, &mcr_nc_c2n_cmd);
	install_element(MCR_NETCONF_NODE, &no_mcr_nc_c2n_cmd);
}
