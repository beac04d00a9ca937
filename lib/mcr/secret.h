/*
 * libmcr secrets: pre-shared keys encrypted at rest.
 *
 * A PSK is stored in the configuration as
 *
 *     encrypted $1$<base64(nonce | ciphertext | tag)>
 *
 * where the part from "$1$" on is the token these functions produce and
 * read ("encrypted " is the CLI keyword in front of it):
 *   - "$1$": format version 1 = AES-256-GCM, 12-byte random nonce (fresh
 *     for every encryption), 16-byte tag, additional authenticated data
 *     MCR_SECRET_AAD_V1 (binds the ciphertext to this format);
 *   - base64 is RFC 4648 section 4 (standard alphabet, '=' padding), no
 *     whitespace;
 *   - the key is the 32 bytes of a key file (mode 0600, owned by the
 *     daemon, created with RAND_bytes on first use).
 *
 * Decryption checks the tag: a tampered token or a different key file is
 * MCR_ECRYPTO with a clear message, and never yields a (partial or empty)
 * key.  Plaintext buffers handled here are wiped with OPENSSL_cleanse;
 * callers wipe theirs with mcr_secret_wipe().
 *
 * Uses OpenSSL libcrypto 3.  No global state; the only allocation is a
 * temporary path while creating the key file.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef MCR_SECRET_H
#define MCR_SECRET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mcr/error.h"

#define MCR_SECRET_KEYLEN 32
#define MCR_SECRET_NONCELEN 12
#define MCR_SECRET_TAGLEN 16
#define MCR_SECRET_V1 "$1$"
#define MCR_SECRET_AAD_V1 "mcrouted-secret-v1"
/* Longest plaintext accepted (a PSK; charon accepts far less in practice). */
#define MCR_SECRET_MAX_PLAIN 1024
/* Size of a token buffer for @n plaintext bytes, NUL included. */
#define MCR_SECRET_TOKEN_SIZE(n)                                               \
	(sizeof(MCR_SECRET_V1) - 1 +                                           \
	 4 * (((n) + MCR_SECRET_NONCELEN + MCR_SECRET_TAGLEN + 2) / 3) + 1)
/* Generated PSKs: length bounds (AWS accepts 8..64) and default. */
#define MCR_SECRET_PSK_MIN 8
#define MCR_SECRET_PSK_MAX 64
#define MCR_SECRET_PSK_DEFAULT 32

/* Invariant: k holds key material only while in use; wipe when done. */
struct mcr_secret_key {
	uint8_t k[MCR_SECRET_KEYLEN];
};

/* OPENSSL_cleanse @len bytes at @p (NULL is a no-op). */
void mcr_secret_wipe(void *p, size_t len);

/*
 * Read the 32-byte key file at @path into @key.  If it does not exist and
 * @create is set, create it first (random bytes, mode 0600, atomically:
 * written to a temporary file then linked into place, so concurrent
 * starts agree on one key).  Errors, with the path in the message:
 *   MCR_ENOENT  missing and !@create;
 *   MCR_EINVAL  not a regular file (or a symlink), permissions allowing
 *               group/other access, or a size other than 32 bytes;
 *   MCR_EIO     open/read/write failure (errno text included);
 *   MCR_ECRYPTO no randomness.
 * On error @key is zeroed.  Does file I/O; O(1).
 */
enum mcr_err mcr_secret_key_load(const char *path, bool create,
				 struct mcr_secret_key *key,
				 struct mcr_errbuf *eb);

/*
 * Encrypt @len (1..MCR_SECRET_MAX_PLAIN) bytes into a NUL-terminated token
 * "$1$..." in @out (MCR_SECRET_TOKEN_SIZE(len) bytes suffice; MCR_ENOSPC
 * otherwise).  MCR_ECRYPTO if OpenSSL fails.  O(len).
 */
enum mcr_err mcr_secret_encrypt(const struct mcr_secret_key *key,
				const void *plain, size_t len, char *out,
				size_t outsize, struct mcr_errbuf *eb);

/*
 * Decrypt a token into @out (@outsize must exceed the plaintext length:
 * the plaintext is NUL-terminated for convenience), setting *@outlen.
 *   MCR_EUNSUPP  a "$N$" version other than 1;
 *   MCR_EINVAL   not a token, bad base64, too short;
 *   MCR_ENOSPC   @out too small;
 *   MCR_ECRYPTO  tag mismatch: wrong key file or tampered ciphertext.
 * On any error @out is wiped and *@outlen is 0.  O(len).
 */
enum mcr_err mcr_secret_decrypt(const struct mcr_secret_key *key,
				const char *token, void *out, size_t outsize,
				size_t *outlen, struct mcr_errbuf *eb);

/* True if @s looks like a token (starts with "$<digits>$"). O(1). */
bool mcr_secret_is_token(const char *s);

/*
 * Generate a random PSK of @len characters (MCR_SECRET_PSK_MIN..MAX) from
 * [A-Za-z0-9], never starting with '0' (an AWS rule), into @out (needs
 * @len + 1 bytes).  Uniform per character (rejection sampling over
 * RAND_bytes): 32 characters carry about 190 bits.  MCR_EINVAL for a bad
 * length, MCR_ENOSPC, MCR_ECRYPTO without randomness.  O(len).
 */
enum mcr_err mcr_secret_psk_generate(size_t len, char *out, size_t outsize,
				     struct mcr_errbuf *eb);

/*
 * Log redaction: overwrite with '*' every occurrence of the @slen-byte
 * @secret inside the NUL-terminated @text, in place; returns how many
 * were found.  @slen 0 does nothing.  O(strlen(text) * slen).
 */
size_t mcr_secret_scrub(char *text, const void *secret, size_t slen);

#endif /* MCR_SECRET_H */
