/*
 * libmcr error codes.
 *
 * Three levels of failure, as in OpenBGPD:
 *  - out of memory: the allocator wrappers in mem.h abort (nothing sensible
 *    can continue inside a routing daemon that lost part of its tables);
 *  - a broken invariant: MCR_ASSERT (debug builds) -- a bug, not input;
 *  - bad input: a function returns an enum mcr_err other than MCR_OK and,
 *    when given a struct mcr_errbuf, a one-line human message.  On error
 *    no state is changed.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_ERROR_H
#define MCR_ERROR_H

#include <assert.h>
#include <stdarg.h>
#include <stddef.h>

enum mcr_err {
	MCR_OK = 0,
	MCR_EINVAL,	/* malformed or out-of-range input */
	MCR_ENOENT,	/* named object does not exist */
	MCR_EEXIST,	/* object (or a unique key such as a table id) exists */
	MCR_ELIMIT,	/* a configured or built-in limit refuses the request */
	MCR_ECONFLICT,	/* refused because of a conflicting object */
	MCR_EUNSUPP,	/* valid, but not supported (by this kernel, ...) */
	MCR_ECRYPTO,	/* authentication / decryption failure */
	MCR_EIO,	/* an I/O step done by a caller-provided helper failed */
	MCR_ENOSPC,	/* output buffer too small */
	MCR_EAGAIN,	/* incomplete input: more bytes needed */
	MCR_ERR_MAX,
};

/* Optional sink for a one-line message describing an error. */
#define MCR_ERRMSG_LEN 256
struct mcr_errbuf {
	char msg[MCR_ERRMSG_LEN];
};

/* Short stable name of an error code ("invalid argument", ...). O(1). */
const char *mcr_strerror(enum mcr_err err);

/*
 * Record a formatted message in @eb (if not NULL) and return @err, so that
 * callers can write `return mcr_error(eb, MCR_EINVAL, "bad prefix %s", s);`.
 */
enum mcr_err mcr_error(struct mcr_errbuf *eb, enum mcr_err err,
		       const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#ifdef MCR_DEBUG
#define MCR_ASSERT(x) assert(x)
#else
#define MCR_ASSERT(x) ((void)0)
#endif

#endif /* MCR_ERROR_H */
