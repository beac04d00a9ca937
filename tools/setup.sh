#!/bin/bash
# Set up a Debian bookworm machine (as root) to build and test mcrouted:
# apt packages (build deps, test peers), the deb-src entry FRR's source
# package needs, the project's own configure, and the build (libmcr +
# FRR 8.4.4 with mcrouted).  Idempotent: a second run does no needless work.
#
#   tools/setup.sh [--no-build]
set -Eeuo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
STEP=start
trap 'echo "setup: FAILED at step \"$STEP\"" >&2' ERR
step() { STEP=$1; echo "setup: $1${2:+: $2}"; }

BUILD=yes
[ "${1:-}" = "--no-build" ] && BUILD=no

[ "$(id -u)" = 0 ] || { echo "setup: must run as root (namespaces, apt)" >&2; exit 1; }

# Build dependencies of Debian's frr source package (trimmed to what our
# configure uses), libmcr's and the tests' dependencies, and the lab peers.
PKGS="dpkg-dev autoconf automake libtool make gcc bison flex gawk texinfo
install-info pkg-config python3 python3-dev python3-pytest libc-ares-dev
libcap-dev libelf-dev libjson-c-dev libpam0g-dev libpcre2-dev
libreadline-dev libyang2-dev libyang2-tools libssh-dev libprotobuf-c-dev
protobuf-c-compiler libssl-dev check libnetconf2-dev libmnl-dev iproute2
gobgpd bird2 python3-ncclient strongswan-charon strongswan-swanctl
libcharon-extra-plugins libstrongswan-standard-plugins procps psmisc
valgrind openssl openssh-client iputils-ping python3-cryptography
qemu-system-x86 busybox-static kmod cpio"

step deb-src "Debian source package entries (for apt-get source frr)"
SRCLIST=/etc/apt/sources.list.d/mcrouted-deb-src.sources
updated=no
if ! grep -rqs '^Types:.*deb-src' /etc/apt/sources.list.d/ &&
	! grep -qs '^deb-src' /etc/apt/sources.list; then
	cat >"$SRCLIST" <<'SRC'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
	apt-get update -q >/dev/null
	updated=yes
fi

step packages
# shellcheck disable=SC2086
missing=$(dpkg-query -W -f='${db:Status-Abbrev} ${Package}\n' $PKGS 2>/dev/null |
	awk '$1 != "ii" {print $2}' || true)
for p in $PKGS; do
	dpkg-query -W "$p" >/dev/null 2>&1 || missing="$missing $p"
done
missing=$(echo $missing | tr ' ' '\n' | sort -u | tr '\n' ' ')
if [ -n "${missing// /}" ]; then
	echo "setup: installing:$missing"
	[ "$updated" = yes ] || apt-get update -q >/dev/null
	# Don't start services from packages (charon, bird): tests start their own.
	policy=/usr/sbin/policy-rc.d
	had_policy=no; [ -e $policy ] && had_policy=yes
	[ $had_policy = yes ] || { printf '#!/bin/sh\nexit 101\n' >$policy; chmod +x $policy; }
	# shellcheck disable=SC2086
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $missing
	[ $had_policy = yes ] || rm -f $policy
fi
apt-cache showsrc frr >/dev/null 2>&1 || { apt-get update -q >/dev/null; }

step configure "project (autotools)"
cd "$TOP"
if ! [ -f Makefile ] || [ configure.ac -nt configure ]; then
	autoreconf -fi >/dev/null
	./configure -q
fi

if [ "$BUILD" = yes ]; then
	step build "libmcr + FRR 8.4.4 with mcrouted (a fresh build takes ~5 min)"
	make -j"$(nproc)" -s
fi
step done
