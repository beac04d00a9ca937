/*
 * NETCONF server module (-M netconf): loader.
 *
 * FRR 8.4's libfrr exports SHA256_Init/_Update/_Final (lib/sha256.c).
 * OpenSSL 3's libcrypto calls its own functions of the same names through
 * its PLT, so once libfrr is in the global symbol scope every SHA-256 that
 * OpenSSL computes goes to FRR's implementation and comes out wrong: SSH
 * key exchange and TLS handshakes fail ("signature verification failed").
 *
 * So this module only loads the server proper, netconf_impl.so, with
 * RTLD_DEEPBIND: the objects loaded with it (libnetconf2, libssh,
 * libssl, libcrypto) resolve symbols in their own dependency list first,
 * where libcrypto comes before libfrr.  Remove once FRR's SHA-256 symbols
 * no longer clash (a core patch renaming them).
 *
 * Copyright (C) 2026 The mcrouted developers
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the Free
 * Software Foundation; either version 2 of the License, or (at your option)
 * any later version.
 */
#include <zebra.h>

#include <dlfcn.h>
#include <libgen.h>

#include <lib/version.h>
#include "libfrr.h"
#include "log.h"
#include "module.h"

static int ncs_shim_init(void)
{
	char path[PATH_MAX], dir[PATH_MAX];
	int (*init)(const char *args);
	Dl_info info;
	void *h;

	if (!dladdr((void *)ncs_shim_init, &info) || !info.dli_fname) {
		zlog_err("NETCONF: cannot find the module's directory");
		return -1;
	}
	strlcpy(dir, info.dli_fname, sizeof(dir));
	snprintf(path, sizeof(path), "%s/netconf_impl.so", dirname(dir));
	h = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
	if (!h) {
		zlog_err("NETCONF: cannot load %s: %s", path, dlerror());
		return -1;
	}
	init = dlsym(h, "mcr_netconf_impl_init");
	if (!init) {
		zlog_err("NETCONF: %s has no mcr_netconf_impl_init", path);
		return -1;
	}
	return init(THIS_MODULE->load_args);
}

FRR_MODULE_SETUP(.name = "mcrouted_netconf", .version = FRR_VERSION,
		 .description = "NETCONF server (libnetconf2) for the northbound",
		 .init = ncs_shim_init,
);
