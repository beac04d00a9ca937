/*
 * mcr-stream: read mcrouted's export stream (proto/mcr.proto frames) from
 * its unix socket, a stream file, a checkpoint file or stdin, and print
 * one line per frame, as text or JSON.
 *
 *   mcr-stream [options] (-s SOCKET | -f FILE | -)
 *     -s, --socket PATH   connect to mcrouted's export socket
 *     -f, --file PATH     read a stream or checkpoint file
 *     -F, --follow        with -f: keep reading as the file grows
 *     -j, --json          one JSON object per line
 *     -v, --verbose       text: a line per checkpoint route/export/tunnel
 *     -n, --count N       exit after N frames
 *     -t, --timeout SEC   exit after SEC seconds (0 = never)
 *     -w, --wait SEC      retry connecting/opening for up to SEC seconds
 *
 * Exit status: 0 at the end of input (or count/timeout) with no error;
 * 1 for a usage or I/O error; 2 when a malformed frame was seen (each is
 * reported on stderr as "mcr-stream: malformed frame: ..."; a bad length
 * ends reading, an undecodable frame is skipped).
 *
 * Copyright (C) 2026 The mcrouted developers
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "mcr/frame.h"

static bool opt_json, opt_verbose, opt_follow;

/* A formatted prefix, or the reason it is invalid. */
#define PSTR (MCR_ERRMSG_LEN + 32)

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- value formatting */

static const char *pfx_str(const Mcr__Prefix *p, char *buf, size_t size)
{
	struct mcr_prefix mp;
	struct mcr_errbuf eb;

	if (mcr_frame_prefix_get(p, &mp, &eb) != MCR_OK) {
		snprintf(buf, size, "<invalid prefix: %s>", eb.msg);
		return buf;
	}
	return mcr_prefix2str(&mp, buf, size);
}

static const char *addr_str(const Mcr__Address *a, char *buf, size_t size)
{
	int af;

	if (!a || a->family == MCR__FAMILY__FAMILY_UNSPEC)
		return "";
	af = a->family == MCR__FAMILY__FAMILY_INET ? AF_INET : AF_INET6;
	if (a->addr.len != (af == AF_INET ? 4u : 16u) ||
	    !inet_ntop(af, a->addr.data, buf, (socklen_t)size))
		snprintf(buf, size, "<invalid address>");
	return buf;
}

static const char *family_str(int f)
{
	return f == MCR__FAMILY__FAMILY_INET	? "ipv4"
	       : f == MCR__FAMILY__FAMILY_INET6 ? "ipv6"
						: "?";
}

static const char *enum_str(const ProtobufCEnumDescriptor *d, int v)
{
	const ProtobufCEnumValue *ev = protobuf_c_enum_descriptor_get_value(d, v);

	return ev ? ev->name : "?";
}

static const char *reason_str(int r)
{
	return enum_str(&mcr__reason__descriptor, r);
}

static const char *kind_str(int k)
{
	return enum_str(&mcr__route_kind__descriptor, k);
}

static const char *tstate_str(int s)
{
	return enum_str(&mcr__tunnel_state__descriptor, s);
}

/* JSON string (quoted, escaped). */
static void js(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* ---- text */

static void text_route(const Mcr__RouteChange *r, const char *lead)
{
	char p[PSTR], a[64];

	printf("%sroute %s %s(%u) %s", lead,
	       r->op == MCR__ROUTE_CHANGE__OP__WITHDRAW ? "withdraw" : "install",
	       r->table, r->kernel_table, pfx_str(r->prefix, p, sizeof(p)));
	if (r->op != MCR__ROUTE_CHANGE__OP__WITHDRAW) {
		printf(" %s", kind_str(r->kind));
		for (size_t i = 0; i < r->n_nexthops; i++)
			printf(" via %s %s", r->nexthops[i]->attachment,
			       addr_str(r->nexthops[i]->address, a, sizeof(a)));
		printf(" metric %u tag %u", r->metric, r->tag);
	}
}

static void text_export(const Mcr__ExportChange *e, const char *lead)
{
	char p[PSTR];

	if (e->op == MCR__EXPORT_CHANGE__OP__STATUS) {
		printf("%sexport status %s %s %s%s%s%s", lead, e->attachment,
		       family_str(e->family),
		       e->reason ? "failed" : e->summary ? "summarized"
							 : "exact",
		       e->reason ? " " : "", e->reason ? reason_str(e->reason) : "",
		       "");
		if (*e->message)
			printf(" (%s)", e->message);
		return;
	}
	printf("%sexport %s %s %s%s", lead,
	       e->op == MCR__EXPORT_CHANGE__OP__ADD ? "add" : "del",
	       e->attachment, pfx_str(e->prefix, p, sizeof(p)),
	       e->summary ? " summary" : "");
}

static void text_tunnel(const Mcr__TunnelEvent *t, const char *lead)
{
	printf("%stunnel %s %s -> %s %s sas %u", lead, t->name,
	       tstate_str(t->old_state), tstate_str(t->state),
	       t->up ? "up" : "down", t->sa_count);
	if (*t->attachment)
		printf(" attachment %s", t->attachment);
	if (*t->reason)
		printf(" reason \"%s\"", t->reason);
}

static void print_text(const Mcr__Frame *f)
{
	char p[PSTR], q[PSTR];
	const Mcr__Checkpoint *c;
	size_t nroutes = 0;

	printf("seq %llu batch %llu ", (unsigned long long)f->seq,
	       (unsigned long long)f->batch);
	switch (f->body_case) {
	case MCR__FRAME__BODY_HELLO:
		printf("hello version %u %s %s pid %u start %llu",
		       f->hello->version, f->hello->daemon,
		       f->hello->daemon_version, f->hello->pid,
		       (unsigned long long)f->hello->start_time);
		break;
	case MCR__FRAME__BODY_CHECKPOINT:
		c = f->checkpoint;
		for (size_t i = 0; i < c->n_tables; i++)
			nroutes += c->tables[i]->n_routes;
		printf("checkpoint tables %zu routes %zu exports %zu tunnels %zu core-seq %llu",
		       c->n_tables, nroutes, c->n_exports, c->n_tunnels,
		       (unsigned long long)c->core_seq);
		if (!opt_verbose)
			break;
		for (size_t i = 0; i < c->n_tables; i++) {
			printf("\n  table %s(%u) routes %zu", c->tables[i]->name,
			       c->tables[i]->kernel_table,
			       c->tables[i]->n_routes);
			for (size_t j = 0; j < c->tables[i]->n_routes; j++)
				text_route(c->tables[i]->routes[j], "\n    ");
		}
		for (size_t i = 0; i < c->n_exports; i++)
			text_export(c->exports[i], "\n  ");
		for (size_t i = 0; i < c->n_tunnels; i++)
			text_tunnel(c->tunnels[i], "\n  ");
		break;
	case MCR__FRAME__BODY_ROUTE:
		text_route(f->route, "");
		break;
	case MCR__FRAME__BODY_EXPORT:
		text_export(f->export, "");
		break;
	case MCR__FRAME__BODY_CONFLICT:
		printf("conflict %s %s %s vs %s %s",
		       f->conflict->resolved ? "resolved" : "found",
		       f->conflict->attachment,
		       pfx_str(f->conflict->prefix, p, sizeof(p)),
		       f->conflict->other_attachment,
		       pfx_str(f->conflict->other_prefix, q, sizeof(q)));
		break;
	case MCR__FRAME__BODY_LIMIT:
		printf("limit %s %s %s %u/%u",
		       enum_str(&mcr__limit_event__level__descriptor,
				f->limit->level),
		       f->limit->attachment, family_str(f->limit->family),
		       f->limit->count, f->limit->limit);
		break;
	case MCR__FRAME__BODY_PENDING:
		printf("pending %s %s %s", f->pending->added ? "add" : "del",
		       f->pending->attachment,
		       pfx_str(f->pending->prefix, p, sizeof(p)));
		break;
	case MCR__FRAME__BODY_DECISION:
		printf("%s %s %s", f->decision->accepted ? "accepted" : "refused",
		       f->decision->attachment,
		       pfx_str(f->decision->prefix, p, sizeof(p)));
		if (!f->decision->accepted)
			printf(" %s", reason_str(f->decision->reason));
		break;
	case MCR__FRAME__BODY_TUNNEL:
		text_tunnel(f->tunnel, "");
		break;
	default:
		printf("?");
		break;
	}
	putchar('\n');
}

/* ---- JSON */

static void json_prefix_field(const char *name, const Mcr__Prefix *p)
{
	char buf[PSTR];

	printf(",\"%s\":", name);
	js(pfx_str(p, buf, sizeof(buf)));
}

static void json_route(const Mcr__RouteChange *r)
{
	char a[64];

	printf("{\"op\":\"%s\",\"table\":",
	       r->op == MCR__ROUTE_CHANGE__OP__WITHDRAW ? "withdraw"
							: "install");
	js(r->table);
	printf(",\"kernelTable\":%u", r->kernel_table);
	json_prefix_field("prefix", r->prefix);
	if (r->op != MCR__ROUTE_CHANGE__OP__WITHDRAW) {
		printf(",\"kind\":\"%s\",\"nexthops\":[", kind_str(r->kind));
		for (size_t i = 0; i < r->n_nexthops; i++) {
			printf("%s{\"attachment\":", i ? "," : "");
			js(r->nexthops[i]->attachment);
			printf(",\"address\":");
			js(addr_str(r->nexthops[i]->address, a, sizeof(a)));
			putchar('}');
		}
		printf("],\"metric\":%u,\"tag\":%u", r->metric, r->tag);
	}
	putchar('}');
}

static void json_export(const Mcr__ExportChange *e)
{
	printf("{\"op\":\"%s\",\"attachment\":",
	       enum_str(&mcr__export_change__op__descriptor, e->op));
	js(e->attachment);
	if (e->op == MCR__EXPORT_CHANGE__OP__STATUS) {
		printf(",\"family\":\"%s\",\"summary\":%s,\"reason\":\"%s\",\"message\":",
		       family_str(e->family), e->summary ? "true" : "false",
		       reason_str(e->reason));
		js(e->message);
	} else {
		json_prefix_field("prefix", e->prefix);
		printf(",\"summary\":%s", e->summary ? "true" : "false");
	}
	putchar('}');
}

static void json_tunnel(const Mcr__TunnelEvent *t)
{
	printf("{\"name\":");
	js(t->name);
	printf(",\"attachment\":");
	js(t->attachment);
	printf(",\"state\":\"%s\",\"oldState\":\"%s\",\"up\":%s,\"saCount\":%u,\"reason\":",
	       tstate_str(t->state), tstate_str(t->old_state),
	       t->up ? "true" : "false", t->sa_count);
	js(t->reason);
	putchar('}');
}

static void print_json(const Mcr__Frame *f)
{
	const Mcr__Checkpoint *c;

	printf("{\"seq\":%llu,\"timeMs\":%llu,\"batch\":%llu,\"type\":\"%s\",\"body\":",
	       (unsigned long long)f->seq, (unsigned long long)f->time_ms,
	       (unsigned long long)f->batch, mcr_frame_body_name(f->body_case));
	switch (f->body_case) {
	case MCR__FRAME__BODY_HELLO:
		printf("{\"version\":%u,\"daemon\":", f->hello->version);
		js(f->hello->daemon);
		printf(",\"daemonVersion\":");
		js(f->hello->daemon_version);
		printf(",\"pid\":%u,\"startTime\":%llu}", f->hello->pid,
		       (unsigned long long)f->hello->start_time);
		break;
	case MCR__FRAME__BODY_CHECKPOINT:
		c = f->checkpoint;
		printf("{\"coreSeq\":%llu,\"tables\":[",
		       (unsigned long long)c->core_seq);
		for (size_t i = 0; i < c->n_tables; i++) {
			printf("%s{\"name\":", i ? "," : "");
			js(c->tables[i]->name);
			printf(",\"kernelTable\":%u,\"routes\":[",
			       c->tables[i]->kernel_table);
			for (size_t j = 0; j < c->tables[i]->n_routes; j++) {
				if (j)
					putchar(',');
				json_route(c->tables[i]->routes[j]);
			}
			printf("]}");
		}
		printf("],\"exports\":[");
		for (size_t i = 0; i < c->n_exports; i++) {
			if (i)
				putchar(',');
			json_export(c->exports[i]);
		}
		printf("],\"tunnels\":[");
		for (size_t i = 0; i < c->n_tunnels; i++) {
			if (i)
				putchar(',');
			json_tunnel(c->tunnels[i]);
		}
		printf("]}");
		break;
	case MCR__FRAME__BODY_ROUTE:
		json_route(f->route);
		break;
	case MCR__FRAME__BODY_EXPORT:
		json_export(f->export);
		break;
	case MCR__FRAME__BODY_CONFLICT:
		printf("{\"resolved\":%s,\"attachment\":",
		       f->conflict->resolved ? "true" : "false");
		js(f->conflict->attachment);
		json_prefix_field("prefix", f->conflict->prefix);
		printf(",\"otherAttachment\":");
		js(f->conflict->other_attachment);
		json_prefix_field("otherPrefix", f->conflict->other_prefix);
		putchar('}');
		break;
	case MCR__FRAME__BODY_LIMIT:
		printf("{\"level\":\"%s\",\"attachment\":",
		       enum_str(&mcr__limit_event__level__descriptor,
				f->limit->level));
		js(f->limit->attachment);
		printf(",\"family\":\"%s\",\"count\":%u,\"limit\":%u}",
		       family_str(f->limit->family), f->limit->count,
		       f->limit->limit);
		break;
	case MCR__FRAME__BODY_PENDING:
		printf("{\"added\":%s,\"attachment\":",
		       f->pending->added ? "true" : "false");
		js(f->pending->attachment);
		json_prefix_field("prefix", f->pending->prefix);
		putchar('}');
		break;
	case MCR__FRAME__BODY_DECISION:
		printf("{\"accepted\":%s,\"attachment\":",
		       f->decision->accepted ? "true" : "false");
		js(f->decision->attachment);
		json_prefix_field("prefix", f->decision->prefix);
		printf(",\"reason\":\"%s\"}", reason_str(f->decision->reason));
		break;
	case MCR__FRAME__BODY_TUNNEL:
		json_tunnel(f->tunnel);
		break;
	default:
		printf("null");
		break;
	}
	printf("}\n");
}

/* ---- input */

static int open_socket(const char *path, double deadline)
{
	struct sockaddr_un sa = {.sun_family = AF_UNIX};
	int fd;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "mcr-stream: socket path too long: %s\n", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	for (;;) {
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (fd < 0)
			break;
		if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0)
			return fd;
		close(fd);
		if (now_s() >= deadline)
			break;
		usleep(50000);
	}
	fprintf(stderr, "mcr-stream: cannot connect to %s: %s\n", path,
		strerror(errno));
	return -1;
}

static int open_file(const char *path, double deadline)
{
	int fd;

	if (!strcmp(path, "-"))
		return STDIN_FILENO;
	for (;;) {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd >= 0 || now_s() >= deadline)
			break;
		usleep(50000);
	}
	if (fd < 0)
		fprintf(stderr, "mcr-stream: cannot open %s: %s\n", path,
			strerror(errno));
	return fd;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: mcr-stream [-j] [-v] [-F] [-n N] [-t SEC] [-w SEC] (-s SOCKET | -f FILE | -)\n");
	exit(1);
}

int main(int argc, char **argv)
{
	static const struct option lo[] = {
		{"socket", required_argument, NULL, 's'},
		{"file", required_argument, NULL, 'f'},
		{"follow", no_argument, NULL, 'F'},
		{"json", no_argument, NULL, 'j'},
		{"verbose", no_argument, NULL, 'v'},
		{"count", required_argument, NULL, 'n'},
		{"timeout", required_argument, NULL, 't'},
		{"wait", required_argument, NULL, 'w'},
		{NULL, 0, NULL, 0},
	};
	const char *sock = NULL, *file = NULL;
	unsigned long count = 0, seen = 0;
	double timeout = 0, wait = 0, deadline;
	struct mcr_frame_dec *dec;
	struct mcr_errbuf eb;
	int c, fd, status = 0;
	uint8_t rbuf[65536];
	bool done = false, eof = false;

	while ((c = getopt_long(argc, argv, "s:f:Fjvn:t:w:", lo, NULL)) != -1) {
		switch (c) {
		case 's':
			sock = optarg;
			break;
		case 'f':
			file = optarg;
			break;
		case 'F':
			opt_follow = true;
			break;
		case 'j':
			opt_json = true;
			break;
		case 'v':
			opt_verbose = true;
			break;
		case 'n':
			count = strtoul(optarg, NULL, 10);
			break;
		case 't':
			timeout = strtod(optarg, NULL);
			break;
		case 'w':
			wait = strtod(optarg, NULL);
			break;
		default:
			usage();
		}
	}
	if (optind < argc && !strcmp(argv[optind], "-") && !sock && !file)
		file = "-";
	else if (optind != argc || !sock == !file)
		usage();

	fd = sock ? open_socket(sock, now_s() + wait)
		  : open_file(file, now_s() + wait);
	if (fd < 0)
		return 1;
	deadline = timeout > 0 ? now_s() + timeout : 0;
	dec = mcr_frame_dec_new(0);
	setvbuf(stdout, NULL, _IOLBF, 0);

	while (!done) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		int ms = -1;
		ssize_t n;
		Mcr__Frame *f;
		enum mcr_err err;

		if (deadline) {
			double left = deadline - now_s();

			if (left <= 0)
				break;
			ms = (int)(left * 1000) + 1;
		}
		if (poll(&pfd, 1, ms) < 0) {
			if (errno == EINTR)
				continue;
			perror("mcr-stream: poll");
			status = 1;
			break;
		}
		if (!pfd.revents)
			continue;
		n = read(fd, rbuf, sizeof(rbuf));
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			perror("mcr-stream: read");
			status = 1;
			break;
		}
		if (n == 0) {
			if (opt_follow && file && strcmp(file, "-")) {
				usleep(100000);
				continue;
			}
			eof = true;
			break;
		}
		mcr_frame_dec_feed(dec, rbuf, (size_t)n);
		while ((err = mcr_frame_dec_next(dec, &f, &eb)) != MCR_EAGAIN) {
			if (err != MCR_OK) {
				fprintf(stderr,
					"mcr-stream: malformed frame: %s\n",
					eb.msg);
				status = 2;
				if (mcr_frame_dec_failed(dec)) {
					done = true;
					break;
				}
				continue;
			}
			if (opt_json)
				print_json(f);
			else
				print_text(f);
			mcr_frame_free(f);
			if (count && ++seen >= count) {
				done = true;
				break;
			}
		}
	}
	if (eof && !mcr_frame_dec_failed(dec) &&
	    mcr_frame_dec_finish(dec, &eb) != MCR_OK) {
		fprintf(stderr, "mcr-stream: malformed frame: %s\n", eb.msg);
		status = 2;
	}
	mcr_frame_dec_free(dec);
	if (fd != STDIN_FILENO)
		close(fd);
	return status;
}
