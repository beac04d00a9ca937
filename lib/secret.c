/*
 * libmcr secrets (see mcr/secret.h for the token format).
 *
 * AES-256-GCM through OpenSSL 3's EVP interface (NIST SP 800-38D): a fresh
 * 96-bit random nonce per encryption, so one key can encrypt about 2^32
 * secrets before nonce reuse becomes a concern -- far beyond a router's
 * configuration.  Base64 (RFC 4648) is done here, strictly, because
 * EVP_DecodeBlock silently skips whitespace and mis-reports padding.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include "mcr/mem.h"
#include "mcr/secret.h"

#define BLOB_MAX (MCR_SECRET_NONCELEN + MCR_SECRET_MAX_PLAIN + MCR_SECRET_TAGLEN)

void mcr_secret_wipe(void *p, size_t len)
{
	if (p && len)
		OPENSSL_cleanse(p, len);
}

/* ---------------------------------------------------------------------
 * Key file.
 */
static enum mcr_err key_read(const char *path, struct mcr_secret_key *key,
			     struct mcr_errbuf *eb)
{
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		if (errno == ENOENT)
			return mcr_error(eb, MCR_ENOENT,
					 "key file %s does not exist", path);
		if (errno == ELOOP)
			return mcr_error(eb, MCR_EINVAL,
					 "key file %s is a symbolic link", path);
		return mcr_error(eb, MCR_EIO, "key file %s: %s", path,
				 strerror(errno));
	}
	if (fstat(fd, &st) < 0) {
		close(fd);
		return mcr_error(eb, MCR_EIO, "key file %s: %s", path,
				 strerror(errno));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return mcr_error(eb, MCR_EINVAL,
				 "key file %s is not a regular file", path);
	}
	if (st.st_mode & (S_IRWXG | S_IRWXO)) {
		close(fd);
		return mcr_error(eb, MCR_EINVAL,
				 "key file %s has mode %04o: it must not be accessible to group or others (chmod 600)",
				 path, (unsigned)(st.st_mode & 07777));
	}
	if (st.st_size != MCR_SECRET_KEYLEN) {
		close(fd);
		return mcr_error(eb, MCR_EINVAL,
				 "key file %s is %lld bytes, expected %d",
				 path, (long long)st.st_size,
				 MCR_SECRET_KEYLEN);
	}
	n = read(fd, key->k, sizeof(key->k));
	close(fd);
	if (n != (ssize_t)sizeof(key->k)) {
		mcr_secret_wipe(key, sizeof(*key));
		return mcr_error(eb, MCR_EIO, "key file %s: short read", path);
	}
	return MCR_OK;
}

static enum mcr_err key_create(const char *path, struct mcr_errbuf *eb)
{
	struct mcr_secret_key k;
	size_t plen = strlen(path);
	char *tmp = mcr_malloc(MCR_MT_SECRET, plen + 16);
	enum mcr_err err = MCR_OK;
	int fd;

	snprintf(tmp, plen + 16, "%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp); /* mode 0600 */
	if (fd < 0) {
		err = mcr_error(eb, MCR_EIO, "cannot create key file %s: %s",
				path, strerror(errno));
		mcr_free(MCR_MT_SECRET, tmp, plen + 16);
		return err;
	}
	if (RAND_bytes(k.k, sizeof(k.k)) != 1) {
		err = mcr_error(eb, MCR_ECRYPTO,
				"no randomness for key file %s", path);
	} else if (fchmod(fd, 0600) < 0 ||
		   write(fd, k.k, sizeof(k.k)) != (ssize_t)sizeof(k.k) ||
		   fsync(fd) < 0) {
		err = mcr_error(eb, MCR_EIO, "cannot write key file %s: %s",
				path, strerror(errno));
	} else if (link(tmp, path) < 0 && errno != EEXIST) {
		/* EEXIST: someone else created it first; use theirs. */
		err = mcr_error(eb, MCR_EIO, "cannot create key file %s: %s",
				path, strerror(errno));
	}
	mcr_secret_wipe(&k, sizeof(k));
	close(fd);
	unlink(tmp);
	mcr_free(MCR_MT_SECRET, tmp, plen + 16);
	return err;
}

enum mcr_err mcr_secret_key_load(const char *path, bool create,
				 struct mcr_secret_key *key,
				 struct mcr_errbuf *eb)
{
	enum mcr_err err;

	err = key_read(path, key, eb);
	if (err == MCR_ENOENT && create) {
		err = key_create(path, eb);
		if (err == MCR_OK)
			err = key_read(path, key, eb);
	}
	if (err != MCR_OK)
		mcr_secret_wipe(key, sizeof(*key));
	return err;
}

/* ---------------------------------------------------------------------
 * Base64 (RFC 4648 section 4), strict.
 */
static const char b64chars[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t b64_encode(const uint8_t *in, size_t len, char *out)
{
	size_t o = 0;

	for (size_t i = 0; i < len; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;

		if (i + 1 < len)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < len)
			v |= in[i + 2];
		out[o++] = b64chars[(v >> 18) & 63];
		out[o++] = b64chars[(v >> 12) & 63];
		out[o++] = i + 1 < len ? b64chars[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < len ? b64chars[v & 63] : '=';
	}
	out[o] = 0;
	return o;
}

static int b64_val(char c)
{
	const char *p = c ? strchr(b64chars, c) : NULL;

	return p ? (int)(p - b64chars) : -1;
}

/* Decode @in (@ilen chars) into @out (max @osize); -1 if malformed. */
static long b64_decode(const char *in, size_t ilen, uint8_t *out, size_t osize)
{
	size_t o = 0;

	if (ilen == 0 || ilen % 4)
		return -1;
	for (size_t i = 0; i < ilen; i += 4) {
		int v[4], pad = 0;
		uint32_t x;
		bool last = i + 4 == ilen;

		for (int k = 0; k < 4; k++) {
			if (last && k >= 2 && in[i + k] == '=') {
				v[k] = 0;
				pad++;
				continue;
			}
			if (pad) /* data after '=' */
				return -1;
			v[k] = b64_val(in[i + k]);
			if (v[k] < 0)
				return -1;
		}
		x = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 |
		    (uint32_t)v[2] << 6 | (uint32_t)v[3];
		/* Canonical: bits under the padding must be zero. */
		if ((pad == 1 && (x & 0xff)) || (pad == 2 && (x & 0xffff)))
			return -1;
		if (o + 3 - (size_t)pad > osize)
			return -1;
		out[o++] = (uint8_t)(x >> 16);
		if (pad < 2)
			out[o++] = (uint8_t)(x >> 8);
		if (pad < 1)
			out[o++] = (uint8_t)x;
	}
	return (long)o;
}

/* ---------------------------------------------------------------------
 * Encryption.
 */
enum mcr_err mcr_secret_encrypt(const struct mcr_secret_key *key,
				const void *plain, size_t len, char *out,
				size_t outsize, struct mcr_errbuf *eb)
{
	uint8_t blob[BLOB_MAX];
	const size_t vlen = sizeof(MCR_SECRET_V1) - 1;
	EVP_CIPHER_CTX *ctx = NULL;
	enum mcr_err err = MCR_OK;
	size_t blen;
	int n, fin;

	if (!plain || len == 0 || len > MCR_SECRET_MAX_PLAIN)
		return mcr_error(eb, MCR_EINVAL,
				 "secret must be 1 to %d bytes long",
				 MCR_SECRET_MAX_PLAIN);
	if (outsize < MCR_SECRET_TOKEN_SIZE(len))
		return mcr_error(eb, MCR_ENOSPC,
				 "encrypted secret needs %zu bytes, have %zu",
				 (size_t)MCR_SECRET_TOKEN_SIZE(len), outsize);
	blen = MCR_SECRET_NONCELEN + len + MCR_SECRET_TAGLEN;
	if (RAND_bytes(blob, MCR_SECRET_NONCELEN) != 1)
		return mcr_error(eb, MCR_ECRYPTO, "no randomness for a nonce");
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx ||
	    EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key->k, blob) != 1 ||
	    EVP_EncryptUpdate(ctx, NULL, &n, (const uint8_t *)MCR_SECRET_AAD_V1,
			      (int)strlen(MCR_SECRET_AAD_V1)) != 1 ||
	    EVP_EncryptUpdate(ctx, blob + MCR_SECRET_NONCELEN, &n, plain,
			      (int)len) != 1 ||
	    EVP_EncryptFinal_ex(ctx, blob + MCR_SECRET_NONCELEN + n, &fin) != 1 ||
	    (size_t)(n + fin) != len ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, MCR_SECRET_TAGLEN,
				blob + MCR_SECRET_NONCELEN + len) != 1) {
		err = mcr_error(eb, MCR_ECRYPTO, "AES-256-GCM encryption failed");
	} else {
		memcpy(out, MCR_SECRET_V1, vlen);
		b64_encode(blob, blen, out + vlen);
	}
	EVP_CIPHER_CTX_free(ctx);
	mcr_secret_wipe(blob, sizeof(blob));
	return err;
}

bool mcr_secret_is_token(const char *s)
{
	size_t d;

	if (!s || s[0] != '$')
		return false;
	d = strspn(s + 1, "0123456789");
	return d > 0 && s[1 + d] == '$';
}

enum mcr_err mcr_secret_decrypt(const struct mcr_secret_key *key,
				const char *token, void *out, size_t outsize,
				size_t *outlen, struct mcr_errbuf *eb)
{
	uint8_t blob[BLOB_MAX];
	const size_t vlen = sizeof(MCR_SECRET_V1) - 1;
	EVP_CIPHER_CTX *ctx = NULL;
	enum mcr_err err = MCR_OK;
	size_t clen, b64len;
	long blen;
	int n = 0, fin = 0;

	*outlen = 0;
	if (out && outsize)
		mcr_secret_wipe(out, outsize);
	if (!mcr_secret_is_token(token))
		return mcr_error(eb, MCR_EINVAL,
				 "not an encrypted secret (expected \"$1$...\")");
	if (strncmp(token, MCR_SECRET_V1, vlen))
		return mcr_error(eb, MCR_EUNSUPP,
				 "encrypted secret format %.*s is not supported (only $1$)",
				 (int)(strchr(token + 1, '$') - token + 1),
				 token);
	b64len = strlen(token + vlen);
	if (b64len > 4 * ((BLOB_MAX + 2) / 3))
		return mcr_error(eb, MCR_EINVAL, "encrypted secret too long");
	blen = b64_decode(token + vlen, b64len, blob, sizeof(blob));
	if (blen < 0)
		return mcr_error(eb, MCR_EINVAL,
				 "encrypted secret is not valid base64");
	if ((size_t)blen < MCR_SECRET_NONCELEN + 1 + MCR_SECRET_TAGLEN) {
		mcr_secret_wipe(blob, sizeof(blob));
		return mcr_error(eb, MCR_EINVAL, "encrypted secret too short");
	}
	clen = (size_t)blen - MCR_SECRET_NONCELEN - MCR_SECRET_TAGLEN;
	if (outsize <= clen) {
		mcr_secret_wipe(blob, sizeof(blob));
		return mcr_error(eb, MCR_ENOSPC,
				 "decrypted secret needs %zu bytes, have %zu",
				 clen + 1, outsize);
	}
	ctx = EVP_CIPHER_CTX_new();
	if (!ctx ||
	    EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, key->k, blob) != 1 ||
	    EVP_DecryptUpdate(ctx, NULL, &n, (const uint8_t *)MCR_SECRET_AAD_V1,
			      (int)strlen(MCR_SECRET_AAD_V1)) != 1 ||
	    EVP_DecryptUpdate(ctx, out, &n, blob + MCR_SECRET_NONCELEN,
			      (int)clen) != 1 ||
	    EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, MCR_SECRET_TAGLEN,
				blob + MCR_SECRET_NONCELEN + clen) != 1) {
		err = mcr_error(eb, MCR_ECRYPTO, "AES-256-GCM decryption failed");
	} else if (EVP_DecryptFinal_ex(ctx, (uint8_t *)out + n, &fin) != 1 ||
		   (size_t)(n + fin) != clen) {
		err = mcr_error(eb, MCR_ECRYPTO,
				"encrypted secret does not authenticate: wrong key file or tampered ciphertext");
	}
	EVP_CIPHER_CTX_free(ctx);
	mcr_secret_wipe(blob, sizeof(blob));
	if (err != MCR_OK) {
		mcr_secret_wipe(out, outsize);
		return err;
	}
	((uint8_t *)out)[clen] = 0;
	*outlen = clen;
	return MCR_OK;
}

/* ---------------------------------------------------------------------
 * PSK generation and redaction.
 */
static const char alnum[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

enum mcr_err mcr_secret_psk_generate(size_t len, char *out, size_t outsize,
				     struct mcr_errbuf *eb)
{
	/* 62 * 4 = 248: bytes >= 248 are rejected to stay uniform. */
	const unsigned limit = 4 * (sizeof(alnum) - 1);
	uint8_t rnd[64];
	size_t o = 0;

	if (len < MCR_SECRET_PSK_MIN || len > MCR_SECRET_PSK_MAX)
		return mcr_error(eb, MCR_EINVAL,
				 "PSK length %zu is not within %d..%d", len,
				 MCR_SECRET_PSK_MIN, MCR_SECRET_PSK_MAX);
	if (outsize <= len)
		return mcr_error(eb, MCR_ENOSPC,
				 "PSK of %zu characters needs %zu bytes", len,
				 len + 1);
	while (o < len) {
		if (RAND_bytes(rnd, sizeof(rnd)) != 1) {
			mcr_secret_wipe(out, outsize);
			mcr_secret_wipe(rnd, sizeof(rnd));
			return mcr_error(eb, MCR_ECRYPTO,
					 "no randomness for a PSK");
		}
		for (size_t i = 0; i < sizeof(rnd) && o < len; i++) {
			char c;

			if (rnd[i] >= limit)
				continue;
			c = alnum[rnd[i] % (sizeof(alnum) - 1)];
			if (o == 0 && c == '0')
				continue;
			out[o++] = c;
		}
	}
	out[o] = 0;
	mcr_secret_wipe(rnd, sizeof(rnd));
	return MCR_OK;
}

size_t mcr_secret_scrub(char *text, const void *secret, size_t slen)
{
	size_t n = 0, tlen;
	char *p = text;

	if (!text || !secret || !slen)
		return 0;
	tlen = strlen(text);
	while ((size_t)(p - text) + slen <= tlen) {
		if (!memcmp(p, secret, slen)) {
			memset(p, '*', slen);
			p += slen;
			n++;
		} else {
			p++;
		}
	}
	return n;
}
