/*
 * NETCONF server module: transports and authentication.
 *
 * Two libnetconf2 endpoints, "ssh" (RFC 6242) and "tls" (RFC 7589), set up
 * from the current struct ncs_config.  No anonymous access: every session
 * must authenticate as a configured user.
 *
 *   SSH password    the user's crypt(3) hash from the users file, or, when
 *                   enabled, the system password database (shadow)
 *   SSH public key  the keys in the user's OpenSSH authorized_keys file
 *   TLS             a client certificate chaining to the trusted CA,
 *                   mapped to a user name by cert-to-name; that user must be
 *                   configured
 *
 * The callbacks run on the server pthread inside nc_accept(); they read
 * the configuration under ncs.mtx.  Key files are read at authentication
 * time, so edits of authorized_keys take effect without a reload.
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include <crypt.h>
#include <shadow.h>

#include "log.h"
#include "memory.h"

#include "mcr_netconf.h"

#define NCS_EP_SSH "ssh"
#define NCS_EP_TLS "tls"

int ncs_user_cmp(const struct ncs_user *a, const struct ncs_user *b)
{
	return strcmp(a->name, b->name);
}

int ncs_ctn_cmp(const struct ncs_ctn *a, const struct ncs_ctn *b)
{
	return numcmp(a->id, b->id);
}

const struct ncs_user *ncs_user_find(const struct ncs_config *cfg,
				     const char *name)
{
	struct ncs_user key = {};

	if (!cfg || !name)
		return NULL;
	strlcpy(key.name, name, sizeof(key.name));
	return ncs_users_const_find(&cfg->users, &key);
}

/* Copy of what a callback needs from a user, taken under the lock. */
static bool ncs_user_get(const char *name, struct ncs_user *out,
			 bool *syspw)
{
	const struct ncs_user *u;

	pthread_mutex_lock(&ncs.mtx);
	u = ncs_user_find(ncs.cfg, name);
	if (u) {
		*out = *u;
		*syspw = ncs.cfg->ssh_system_passwords;
	}
	pthread_mutex_unlock(&ncs.mtx);
	return u != NULL;
}

static bool ncs_crypt_match(const char *password, const char *hash)
{
	struct crypt_data *cd;
	const char *res;
	bool ok;

	if (!hash || !*hash)
		return false;
	cd = calloc(1, sizeof(*cd));
	res = crypt_r(password, hash, cd);
	ok = res && res[0] != '*' && strcmp(res, hash) == 0;
	free(cd);
	return ok;
}

static int ncs_passwd_clb(const struct nc_session *session,
			  const char *password, void *arg)
{
	const char *name = nc_session_get_username(session);
	struct ncs_user u;
	bool syspw = false, ok = false;

	if (!ncs_user_get(name, &u, &syspw)) {
		zlog_info("NETCONF: SSH password login for unknown user %s refused",
			  name);
		return 1;
	}
	if (u.pwhash[0])
		ok = ncs_crypt_match(password, u.pwhash);
	else if (syspw) {
		struct spwd sp, *spp = NULL;
		char buf[4096];

		if (getspnam_r(name, &sp, buf, sizeof(buf), &spp) == 0 && spp)
			ok = ncs_crypt_match(password, spp->sp_pwdp);
	}
	zlog_info("NETCONF: SSH password login for %s %s", name,
		  ok ? "accepted" : "refused");
	return ok ? 0 : 1;
}

/* Is key listed in an OpenSSH authorized_keys file? */
static bool ncs_authkeys_match(const char *path, ssh_key key)
{
	FILE *f;
	char line[16384];
	bool found = false;

	f = fopen(path, "r");
	if (!f) {
		zlog_warn("NETCONF: cannot read %s: %s", path,
			  safe_strerror(errno));
		return false;
	}
	while (!found && fgets(line, sizeof(line), f)) {
		char *save = NULL, *type, *b64;
		ssh_key k = NULL;

		type = strtok_r(line, " \t\r\n", &save);
		if (!type || type[0] == '#')
			continue;
		/* options before the key type are not supported: skip them */
		if (ssh_key_type_from_name(type) == SSH_KEYTYPE_UNKNOWN) {
			type = strtok_r(NULL, " \t\r\n", &save);
			if (!type)
				continue;
		}
		b64 = strtok_r(NULL, " \t\r\n", &save);
		if (!b64)
			continue;
		if (ssh_pki_import_pubkey_base64(b64,
						 ssh_key_type_from_name(type),
						 &k) != SSH_OK)
			continue;
		found = ssh_key_cmp(k, key, SSH_KEY_CMP_PUBLIC) == 0;
		ssh_key_free(k);
	}
	fclose(f);
	return found;
}

static int ncs_pubkey_clb(const struct nc_session *session, ssh_key key,
			  void *arg)
{
	const char *name = nc_session_get_username(session);
	struct ncs_user u;
	bool syspw, ok = false;

	if (ncs_user_get(name, &u, &syspw) && u.authorized_keys[0])
		ok = ncs_authkeys_match(u.authorized_keys, key);
	NCS_DEBUG("SSH public key of %s %s", name,
		  ok ? "accepted" : "not authorized");
	return ok ? 0 : 1;
}

static int ncs_hostkey_clb(const char *name, void *arg, char **privkey_path,
			   char **privkey_data, NC_SSH_KEY_TYPE *privkey_type)
{
	pthread_mutex_lock(&ncs.mtx);
	if (ncs.cfg && ncs.cfg->ssh_host_key[0])
		*privkey_path = strdup(ncs.cfg->ssh_host_key);
	pthread_mutex_unlock(&ncs.mtx);
	return *privkey_path ? 0 : 1;
}

static int ncs_server_cert_clb(const char *name, void *arg, char **cert_path,
			       char **cert_data, char **privkey_path,
			       char **privkey_data,
			       NC_SSH_KEY_TYPE *privkey_type)
{
	pthread_mutex_lock(&ncs.mtx);
	if (ncs.cfg && ncs.cfg->tls_cert[0] && ncs.cfg->tls_key[0]) {
		*cert_path = strdup(ncs.cfg->tls_cert);
		*privkey_path = strdup(ncs.cfg->tls_key);
	}
	pthread_mutex_unlock(&ncs.mtx);
	return *cert_path ? 0 : 1;
}

/* Trust comes from the CA file only; libnetconf2 wants the callback. */
static int ncs_trusted_list_clb(const char *name, void *arg, char ***paths,
				int *npaths, char ***data, int *ndata)
{
	*paths = NULL;
	*npaths = 0;
	*data = NULL;
	*ndata = 0;
	return 0;
}

/* After cert-to-name mapped a name: it must be a configured user. */
static int ncs_tls_verify_clb(const struct nc_session *session)
{
	const char *name = nc_session_get_username(session);
	struct ncs_user u;
	bool syspw;

	if (!name || !ncs_user_get(name, &u, &syspw)) {
		zlog_info("NETCONF: TLS client mapped to unknown user %s refused",
			  name ? name : "(none)");
		return 0;
	}
	return 1;
}

/*
 * Host key: generate one (RSA 3072) if the configured file is absent.
 * (libnetconf2 2.0 signs ECDSA host keys in a way some clients, e.g.
 * paramiko, refuse; RSA works with every client.)
 */
static void ncs_hostkey_ensure(const char *path)
{
	ssh_key key = NULL;

	if (!path[0] || access(path, R_OK) == 0)
		return;
	if (ssh_pki_generate(SSH_KEYTYPE_RSA, 3072, &key) != SSH_OK) {
		zlog_err("NETCONF: cannot generate an SSH host key");
		return;
	}
	if (ssh_pki_export_privkey_file(key, NULL, NULL, NULL, path) != SSH_OK)
		zlog_err("NETCONF: cannot write SSH host key %s", path);
	else
		zlog_notice("NETCONF: generated SSH host key %s", path);
	ssh_key_free(key);
}

static bool ncs_ssh_same(const struct ncs_config *a, const struct ncs_config *b)
{
	return a && b && a->ssh_enabled == b->ssh_enabled &&
	       !strcmp(a->ssh_addr, b->ssh_addr) &&
	       a->ssh_port == b->ssh_port &&
	       !strcmp(a->ssh_host_key, b->ssh_host_key);
}

static bool ncs_tls_same(const struct ncs_config *a, const struct ncs_config *b)
{
	const struct ncs_ctn *ca, *cb;

	if (!a || !b || a->tls_enabled != b->tls_enabled ||
	    strcmp(a->tls_addr, b->tls_addr) || a->tls_port != b->tls_port ||
	    strcmp(a->tls_cert, b->tls_cert) || strcmp(a->tls_key, b->tls_key) ||
	    strcmp(a->tls_ca, b->tls_ca) ||
	    ncs_ctns_count(&a->ctns) != ncs_ctns_count(&b->ctns))
		return false;
	cb = ncs_ctns_const_first(&b->ctns);
	frr_each (ncs_ctns_const, &a->ctns, ca) {
		if (ca->id != cb->id || strcmp(ca->fingerprint, cb->fingerprint) ||
		    ca->map_type != cb->map_type || strcmp(ca->name, cb->name))
			return false;
		cb = ncs_ctns_const_next(&b->ctns, cb);
	}
	return true;
}

static int ncs_ssh_endpoint(const struct ncs_config *cfg)
{
	if (nc_server_is_endpt(NCS_EP_SSH))
		nc_server_del_endpt(NCS_EP_SSH, 0);
	if (!cfg->ssh_enabled)
		return 0;
	ncs_hostkey_ensure(cfg->ssh_host_key);
	if (nc_server_add_endpt(NCS_EP_SSH, NC_TI_LIBSSH) ||
	    nc_server_ssh_endpt_add_hostkey(NCS_EP_SSH, "hostkey", -1) ||
	    nc_server_ssh_endpt_set_auth_methods(
		    NCS_EP_SSH, NC_SSH_AUTH_PUBLICKEY | NC_SSH_AUTH_PASSWORD) ||
	    nc_server_ssh_endpt_set_auth_attempts(NCS_EP_SSH, 3) ||
	    nc_server_ssh_endpt_set_auth_timeout(NCS_EP_SSH, 10) ||
	    nc_server_endpt_set_address(NCS_EP_SSH, cfg->ssh_addr) ||
	    nc_server_endpt_set_port(NCS_EP_SSH, cfg->ssh_port)) {
		zlog_err("NETCONF: cannot listen for SSH on [%s]:%u",
			 cfg->ssh_addr, cfg->ssh_port);
		nc_server_del_endpt(NCS_EP_SSH, 0);
		return -1;
	}
	zlog_notice("NETCONF: listening for SSH on [%s]:%u", cfg->ssh_addr,
		    cfg->ssh_port);
	return 0;
}

static int ncs_tls_endpoint(const struct ncs_config *cfg)
{
	const struct ncs_ctn *c;

	if (nc_server_is_endpt(NCS_EP_TLS))
		nc_server_del_endpt(NCS_EP_TLS, 0);
	if (!cfg->tls_enabled)
		return 0;
	if (nc_server_add_endpt(NCS_EP_TLS, NC_TI_OPENSSL) ||
	    nc_server_tls_endpt_set_server_cert(NCS_EP_TLS, "server") ||
	    nc_server_tls_endpt_set_trusted_ca_paths(
		    NCS_EP_TLS, cfg->tls_ca[0] ? cfg->tls_ca : NULL, NULL))
		goto fail;
	frr_each (ncs_ctns_const, &cfg->ctns, c)
		if (nc_server_tls_endpt_add_ctn(
			    NCS_EP_TLS, c->id, c->fingerprint, c->map_type,
			    c->map_type == NC_TLS_CTN_SPECIFIED ? c->name
								: NULL))
			goto fail;
	if (nc_server_endpt_set_address(NCS_EP_TLS, cfg->tls_addr) ||
	    nc_server_endpt_set_port(NCS_EP_TLS, cfg->tls_port))
		goto fail;
	zlog_notice("NETCONF: listening for TLS on [%s]:%u", cfg->tls_addr,
		    cfg->tls_port);
	return 0;
fail:
	zlog_err("NETCONF: cannot listen for TLS on [%s]:%u", cfg->tls_addr,
		 cfg->tls_port);
	nc_server_del_endpt(NCS_EP_TLS, 0);
	return -1;
}

/* Bring the endpoints in line with cfg (old: what is in place, or NULL). */
int ncs_auth_apply(const struct ncs_config *old, const struct ncs_config *cfg)
{
	int ret = 0;

	if (!ncs_ssh_same(old, cfg))
		ret |= ncs_ssh_endpoint(cfg);
	if (!ncs_tls_same(old, cfg))
		ret |= ncs_tls_endpoint(cfg);
	return ret;
}

void ncs_auth_init(void)
{
	nc_server_ssh_set_passwd_auth_clb(ncs_passwd_clb, NULL, NULL);
	nc_server_ssh_set_pubkey_auth_clb(ncs_pubkey_clb, NULL, NULL);
	nc_server_ssh_set_hostkey_clb(ncs_hostkey_clb, NULL, NULL);
	nc_server_tls_set_server_cert_clb(ncs_server_cert_clb, NULL, NULL);
	nc_server_tls_set_trusted_cert_list_clb(ncs_trusted_list_clb, NULL,
						NULL);
	nc_server_tls_set_verify_clb(ncs_tls_verify_clb);
}
