/*
 * Unit tests for lib/secret.c: round trips, tampering with every byte,
 * wrong keys, key file creation and checks, token format errors, PSK
 * generation and log scrubbing.
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#define _GNU_SOURCE /* memmem */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mcr/mem.h"
#include "mcr/secret.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static char tmpdir[] = "/tmp/check_secret.XXXXXX";
static char keypath[256];

static void setup(void)
{
	ck_assert_ptr_nonnull(mkdtemp(tmpdir));
	snprintf(keypath, sizeof(keypath), "%s/psk.key", tmpdir);
}

static void teardown(void)
{
	char cmd[300];

	if (keypath[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		ck_assert_int_eq(system(cmd), 0);
		strcpy(tmpdir, "/tmp/check_secret.XXXXXX");
		keypath[0] = 0;
	}
	ck_assert_uint_eq(mcr_mem_total_bytes(), 0);
}

static void key_fill(struct mcr_secret_key *k, uint8_t seed)
{
	for (unsigned i = 0; i < sizeof(k->k); i++)
		k->k[i] = (uint8_t)(seed + 7 * i);
}

START_TEST(roundtrip)
{
	static const size_t lens[] = {1, 8, 31, 32, 33, 64, 255, 1024};
	struct mcr_secret_key k;
	uint8_t plain[MCR_SECRET_MAX_PLAIN], back[MCR_SECRET_MAX_PLAIN + 1];
	char tok[MCR_SECRET_TOKEN_SIZE(MCR_SECRET_MAX_PLAIN)];
	char tok2[sizeof(tok)];
	size_t outlen;

	key_fill(&k, 1);
	for (unsigned i = 0; i < sizeof(plain); i++)
		plain[i] = (uint8_t)(i * 13 + 5); /* includes NULs */
	for (unsigned i = 0; i < N(lens); i++) {
		ck_assert_int_eq(mcr_secret_encrypt(&k, plain, lens[i], tok,
						    MCR_SECRET_TOKEN_SIZE(
							    lens[i]),
						    NULL),
				 MCR_OK);
		ck_assert_uint_eq(strlen(tok) + 1,
				  MCR_SECRET_TOKEN_SIZE(lens[i]));
		ck_assert(!strncmp(tok, "$1$", 3));
		ck_assert(mcr_secret_is_token(tok));
		ck_assert_int_eq(mcr_secret_decrypt(&k, tok, back,
						    lens[i] + 1, &outlen,
						    NULL),
				 MCR_OK);
		ck_assert_uint_eq(outlen, lens[i]);
		ck_assert_mem_eq(back, plain, lens[i]);
		ck_assert_uint_eq(back[lens[i]], 0);
		/* Fresh nonce each time: same input, different token. */
		ck_assert_int_eq(mcr_secret_encrypt(&k, plain, lens[i], tok2,
						    sizeof(tok2), NULL),
				 MCR_OK);
		ck_assert_str_ne(tok, tok2);
		/* No plaintext visible in the token. */
		ck_assert_ptr_null(memmem(tok, strlen(tok), plain, lens[i] > 3 ? lens[i] : 4));
	}
	teardown();
}
END_TEST

/* Flip each bit position class in every byte of the decoded blob. */
START_TEST(tamper_every_byte)
{
	static const char b64[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct mcr_secret_key k;
	char tok[MCR_SECRET_TOKEN_SIZE(32)], bad[sizeof(tok)];
	uint8_t out[64];
	size_t outlen, tlen;
	unsigned crypto = 0, inval = 0;
	struct mcr_errbuf eb;
	enum mcr_err err;

	key_fill(&k, 3);
	ck_assert_int_eq(mcr_secret_encrypt(&k, "aws-psk-0123456789abcdefghijkl",
					    30, tok, sizeof(tok), NULL),
			 MCR_OK);
	tlen = strlen(tok);
	/* Replace each base64 character by every other base64 character. */
	for (size_t i = 3; i < tlen; i++) {
		if (tok[i] == '=')
			continue;
		for (const char *c = b64; *c; c++) {
			if (*c == tok[i])
				continue;
			memcpy(bad, tok, tlen + 1);
			bad[i] = *c;
			memset(out, 0x55, sizeof(out));
			eb.msg[0] = 0;
			err = mcr_secret_decrypt(&k, bad, out, sizeof(out),
						 &outlen, &eb);
			/* Non-canonical padding bits are EINVAL, all else
			 * must fail authentication. */
			ck_assert_msg(err == MCR_ECRYPTO || err == MCR_EINVAL,
				      "pos %zu char %c: %d", i, *c, err);
			ck_assert(eb.msg[0]);
			ck_assert_uint_eq(outlen, 0);
			for (size_t j = 0; j < sizeof(out); j++)
				ck_assert_uint_eq(out[j], 0);
			if (err == MCR_ECRYPTO)
				crypto++;
			else
				inval++;
		}
	}
	ck_assert_uint_gt(crypto, 0);
	ck_assert_uint_gt(inval, 0);
	/* Truncating or extending the token also fails. */
	for (size_t l = 3; l < tlen; l++) {
		memcpy(bad, tok, l);
		bad[l] = 0;
		err = mcr_secret_decrypt(&k, bad, out, sizeof(out), &outlen,
					 NULL);
		ck_assert_msg(err == MCR_EINVAL || err == MCR_ECRYPTO,
			      "truncated to %zu: %d", l, err);
	}
	teardown();
}
END_TEST

START_TEST(wrong_key)
{
	struct mcr_secret_key k1, k2;
	char tok[MCR_SECRET_TOKEN_SIZE(16)];
	char out[32];
	size_t outlen = 99;
	struct mcr_errbuf eb;

	key_fill(&k1, 1);
	key_fill(&k2, 1);
	k2.k[31] ^= 1;
	ck_assert_int_eq(mcr_secret_encrypt(&k1, "0123456789abcdef", 16, tok,
					    sizeof(tok), NULL),
			 MCR_OK);
	ck_assert_int_eq(mcr_secret_decrypt(&k2, tok, out, sizeof(out),
					    &outlen, &eb),
			 MCR_ECRYPTO);
	ck_assert_str_eq(eb.msg, "encrypted secret does not authenticate: "
				 "wrong key file or tampered ciphertext");
	ck_assert_uint_eq(outlen, 0);
	ck_assert_str_eq(out, "");
	teardown();
}
END_TEST

START_TEST(format_errors)
{
	static const struct {
		const char *tok;
		enum mcr_err err;
	} bad[] = {
		{"", MCR_EINVAL},
		{"plaintext", MCR_EINVAL},
		{"$$abc", MCR_EINVAL},
		{"$1", MCR_EINVAL},
		{"$1$", MCR_EINVAL},
		{"$2$AAAAAAAA", MCR_EUNSUPP},
		{"$10$AAAAAAAA", MCR_EUNSUPP},
		{"$1$!!!!", MCR_EINVAL},
		{"$1$AAA", MCR_EINVAL},			   /* not a multiple of 4 */
		{"$1$AAAA AAAA", MCR_EINVAL},		   /* whitespace */
		{"$1$AA=A", MCR_EINVAL},		   /* data after pad */
		{"$1$AAA=AAAA", MCR_EINVAL},		   /* pad mid-string */
		{"$1$AB==", MCR_EINVAL},		   /* non-canonical */
		{"$1$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", MCR_EINVAL}, /* 27 B */
	};
	struct mcr_secret_key k;
	char out[64];
	size_t outlen;
	struct mcr_errbuf eb;

	key_fill(&k, 9);
	for (unsigned i = 0; i < N(bad); i++) {
		eb.msg[0] = 0;
		ck_assert_msg(mcr_secret_decrypt(&k, bad[i].tok, out,
						 sizeof(out), &outlen, &eb) ==
				      bad[i].err,
			      "token '%s'", bad[i].tok);
		ck_assert_msg(eb.msg[0], "no message for '%s'", bad[i].tok);
	}
	ck_assert(!mcr_secret_is_token("abc"));
	ck_assert(!mcr_secret_is_token(NULL));
	ck_assert(mcr_secret_is_token("$7$x"));
	teardown();
}
END_TEST

START_TEST(buffer_sizes)
{
	struct mcr_secret_key k;
	char tok[MCR_SECRET_TOKEN_SIZE(10)];
	char big[MCR_SECRET_MAX_PLAIN + 1];
	char out[11];
	size_t outlen;

	key_fill(&k, 2);
	memset(big, 'x', sizeof(big));
	ck_assert_int_eq(mcr_secret_encrypt(&k, "0123456789", 10, tok,
					    sizeof(tok) - 1, NULL),
			 MCR_ENOSPC);
	ck_assert_int_eq(mcr_secret_encrypt(&k, "", 0, tok, sizeof(tok), NULL),
			 MCR_EINVAL);
	ck_assert_int_eq(mcr_secret_encrypt(&k, big, sizeof(big), tok,
					    sizeof(tok), NULL),
			 MCR_EINVAL);
	ck_assert_int_eq(mcr_secret_encrypt(&k, "0123456789", 10, tok,
					    sizeof(tok), NULL),
			 MCR_OK);
	/* Needs 11 bytes (NUL included). */
	ck_assert_int_eq(mcr_secret_decrypt(&k, tok, out, 10, &outlen, NULL),
			 MCR_ENOSPC);
	ck_assert_int_eq(mcr_secret_decrypt(&k, tok, out, 11, &outlen, NULL),
			 MCR_OK);
	ck_assert_str_eq(out, "0123456789");
	teardown();
}
END_TEST

START_TEST(key_file)
{
	struct mcr_secret_key k1, k2, zero = {{0}};
	struct mcr_errbuf eb;
	struct stat st;
	char link_path[300], dir_path[300];
	int fd;

	setup();
	umask(022);
	eb.msg[0] = 0;
	ck_assert_int_eq(mcr_secret_key_load(keypath, false, &k1, &eb),
			 MCR_ENOENT);
	ck_assert_ptr_nonnull(strstr(eb.msg, keypath));
	ck_assert_int_eq(mcr_secret_key_load(keypath, true, &k1, &eb), MCR_OK);
	ck_assert_int_eq(stat(keypath, &st), 0);
	ck_assert_uint_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(st.st_size, MCR_SECRET_KEYLEN);
	ck_assert_mem_ne(k1.k, zero.k, sizeof(k1.k));
	/* Loaded again (with or without create): the same key. */
	ck_assert_int_eq(mcr_secret_key_load(keypath, true, &k2, NULL),
			 MCR_OK);
	ck_assert_mem_eq(k1.k, k2.k, sizeof(k1.k));
	ck_assert_int_eq(mcr_secret_key_load(keypath, false, &k2, NULL),
			 MCR_OK);
	ck_assert_mem_eq(k1.k, k2.k, sizeof(k1.k));

	/* Group/other access refused, key zeroed. */
	ck_assert_int_eq(chmod(keypath, 0640), 0);
	k2 = k1;
	ck_assert_int_eq(mcr_secret_key_load(keypath, true, &k2, &eb),
			 MCR_EINVAL);
	ck_assert_ptr_nonnull(strstr(eb.msg, "0640"));
	ck_assert_mem_eq(k2.k, zero.k, sizeof(k2.k));
	ck_assert_int_eq(chmod(keypath, 0604), 0);
	ck_assert_int_eq(mcr_secret_key_load(keypath, false, &k2, &eb),
			 MCR_EINVAL);
	ck_assert_int_eq(chmod(keypath, 0400), 0);
	ck_assert_int_eq(mcr_secret_key_load(keypath, false, &k2, &eb),
			 MCR_OK);
	ck_assert_int_eq(chmod(keypath, 0600), 0);

	/* Wrong sizes. */
	ck_assert_int_eq(truncate(keypath, 31), 0);
	ck_assert_int_eq(mcr_secret_key_load(keypath, true, &k2, &eb),
			 MCR_EINVAL);
	ck_assert_ptr_nonnull(strstr(eb.msg, "31 bytes, expected 32"));
	ck_assert_int_eq(truncate(keypath, 0), 0);
	ck_assert_int_eq(mcr_secret_key_load(keypath, true, &k2, &eb),
			 MCR_EINVAL);
	ck_assert_int_eq(truncate(keypath, 33), 0);
	ck_assert_int_eq(mcr_secret_key_load(keypath, true, &k2, &eb),
			 MCR_EINVAL);

	/* A symlink and a directory are refused. */
	snprintf(link_path, sizeof(link_path), "%s/link.key", tmpdir);
	ck_assert_int_eq(symlink(keypath, link_path), 0);
	ck_assert_int_eq(mcr_secret_key_load(link_path, true, &k2, &eb),
			 MCR_EINVAL);
	ck_assert_ptr_nonnull(strstr(eb.msg, "symbolic link"));
	snprintf(dir_path, sizeof(dir_path), "%s/dir.key", tmpdir);
	ck_assert_int_eq(mkdir(dir_path, 0700), 0);
	ck_assert_int_eq(mcr_secret_key_load(dir_path, true, &k2, &eb),
			 MCR_EINVAL);
	ck_assert_ptr_nonnull(strstr(eb.msg, "not a regular file"));

	/* Missing directory: an I/O error on create. */
	snprintf(dir_path, sizeof(dir_path), "%s/nodir/x.key", tmpdir);
	ck_assert_int_eq(mcr_secret_key_load(dir_path, true, &k2, &eb),
			 MCR_EIO);

	/* A key file with content we wrote ourselves is used as is. */
	unlink(keypath);
	fd = open(keypath, O_WRONLY | O_CREAT | O_EXCL, 0600);
	ck_assert_int_ge(fd, 0);
	key_fill(&k1, 77);
	ck_assert_int_eq(write(fd, k1.k, sizeof(k1.k)), sizeof(k1.k));
	close(fd);
	ck_assert_int_eq(mcr_secret_key_load(keypath, true, &k2, NULL),
			 MCR_OK);
	ck_assert_mem_eq(k1.k, k2.k, sizeof(k1.k));
	teardown();
}
END_TEST

/* A key from a file encrypts; another created file cannot decrypt. */
START_TEST(key_file_roundtrip)
{
	struct mcr_secret_key k1, k2;
	char tok[MCR_SECRET_TOKEN_SIZE(12)], out[16], other[300];
	size_t outlen;

	setup();
	ck_assert_int_eq(mcr_secret_key_load(keypath, true, &k1, NULL),
			 MCR_OK);
	ck_assert_int_eq(mcr_secret_encrypt(&k1, "hello-secret", 12, tok,
					    sizeof(tok), NULL),
			 MCR_OK);
	ck_assert_int_eq(mcr_secret_key_load(keypath, false, &k2, NULL),
			 MCR_OK);
	ck_assert_int_eq(mcr_secret_decrypt(&k2, tok, out, sizeof(out),
					    &outlen, NULL),
			 MCR_OK);
	ck_assert_str_eq(out, "hello-secret");
	snprintf(other, sizeof(other), "%s/other.key", tmpdir);
	ck_assert_int_eq(mcr_secret_key_load(other, true, &k2, NULL), MCR_OK);
	ck_assert_int_eq(mcr_secret_decrypt(&k2, tok, out, sizeof(out),
					    &outlen, NULL),
			 MCR_ECRYPTO);
	teardown();
}
END_TEST

START_TEST(psk_generate)
{
	char a[MCR_SECRET_PSK_MAX + 1], b[MCR_SECRET_PSK_MAX + 1];
	unsigned seen[256] = {0};
	unsigned distinct = 0;

	ck_assert_int_eq(mcr_secret_psk_generate(MCR_SECRET_PSK_DEFAULT, a,
						 sizeof(a), NULL),
			 MCR_OK);
	ck_assert_uint_eq(strlen(a), MCR_SECRET_PSK_DEFAULT);
	ck_assert_int_eq(mcr_secret_psk_generate(MCR_SECRET_PSK_DEFAULT, b,
						 sizeof(b), NULL),
			 MCR_OK);
	ck_assert_str_ne(a, b);
	for (unsigned i = 0; i < 2000; i++) {
		ck_assert_int_eq(mcr_secret_psk_generate(MCR_SECRET_PSK_MAX,
							 a, sizeof(a), NULL),
				 MCR_OK);
		ck_assert_uint_eq(strlen(a), MCR_SECRET_PSK_MAX);
		ck_assert_int_ne(a[0], '0');
		for (const char *p = a; *p; p++) {
			ck_assert_msg((*p >= 'a' && *p <= 'z') ||
					      (*p >= 'A' && *p <= 'Z') ||
					      (*p >= '0' && *p <= '9'),
				      "char %d", *p);
			seen[(unsigned char)*p]++;
		}
	}
	for (unsigned i = 0; i < 256; i++)
		if (seen[i]) {
			distinct++;
			/* 128000 chars / 62: about 2064 each; allow wide
			 * margins, catch gross bias (e.g. modulo 256). */
			ck_assert_uint_gt(seen[i], 1700);
			ck_assert_uint_lt(seen[i], 2450);
		}
	ck_assert_uint_eq(distinct, 62);
	ck_assert_int_eq(mcr_secret_psk_generate(MCR_SECRET_PSK_MIN - 1, a,
						 sizeof(a), NULL),
			 MCR_EINVAL);
	ck_assert_int_eq(mcr_secret_psk_generate(MCR_SECRET_PSK_MAX + 1, a,
						 sizeof(a), NULL),
			 MCR_EINVAL);
	ck_assert_int_eq(mcr_secret_psk_generate(32, a, 32, NULL),
			 MCR_ENOSPC);
	teardown();
}
END_TEST

START_TEST(scrub)
{
	char line[] = "load-shared data=s3cr3t owners=x data2=s3cr3ts3cr3t";

	ck_assert_uint_eq(mcr_secret_scrub(line, "s3cr3t", 6), 3);
	ck_assert_str_eq(line,
			 "load-shared data=****** owners=x data2=************");
	ck_assert_uint_eq(mcr_secret_scrub(line, "s3cr3t", 6), 0);
	ck_assert_uint_eq(mcr_secret_scrub(line, "", 0), 0);
	teardown();
}
END_TEST

int main(void)
{
	Suite *s = suite_create("secret");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int failed;

	tcase_add_test(tc, roundtrip);
	tcase_add_test(tc, tamper_every_byte);
	tcase_add_test(tc, wrong_key);
	tcase_add_test(tc, format_errors);
	tcase_add_test(tc, buffer_sizes);
	tcase_add_test(tc, key_file);
	tcase_add_test(tc, key_file_roundtrip);
	tcase_add_test(tc, psk_generate);
	tcase_add_test(tc, scrub);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? 1 : 0;
}
