/*
 * libmcr error codes and messages (see mcr/error.h).
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <stdio.h>

#include "mcr/error.h"

static const char *const mcr_err_names[MCR_ERR_MAX] = {
	[MCR_OK] = "success",
	[MCR_EINVAL] = "invalid argument",
	[MCR_ENOENT] = "no such object",
	[MCR_EEXIST] = "already exists",
	[MCR_ELIMIT] = "limit exceeded",
	[MCR_ECONFLICT] = "conflict",
	[MCR_EUNSUPP] = "not supported",
	[MCR_ECRYPTO] = "cryptographic failure",
	[MCR_EIO] = "input/output error",
	[MCR_ENOSPC] = "no space in buffer",
	[MCR_EAGAIN] = "incomplete input",
};

const char *mcr_strerror(enum mcr_err err)
{
	if ((unsigned)err >= MCR_ERR_MAX)
		return "unknown error";
	return mcr_err_names[err];
}

enum mcr_err mcr_error(struct mcr_errbuf *eb, enum mcr_err err,
		       const char *fmt, ...)
{
	va_list ap;

	if (eb) {
		va_start(ap, fmt);
		vsnprintf(eb->msg, sizeof(eb->msg), fmt, ap);
		va_end(ap);
	}
	return err;
}
