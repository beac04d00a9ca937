#!/bin/bash
# Build FRR 8.4.4 (Debian's source package) with mcrouted grafted in.
#
#   frr-build.sh --top SRC --build DIR --mcr-lib PATH [--jobs N]
#
# Steps (each named in the error message if it fails):
#   fetch     apt-get source --download-only into DIR/src (once), sha256 check
#   unpack    dpkg-source -x (applies Debian's patch series), then our
#             patches from SRC/frr/patches; redone when pins or patches change
#   graft     copy SRC/mcrouted and SRC/yang/frr-mcrouted.yang into the tree
#             (timestamps kept, so make only rebuilds what changed)
#   configure FRR's bootstrap + configure, trimmed daemon set (once per unpack)
#   make      incremental
#   install   into DIR/root (the prefix the project controls)
set -Eeuo pipefail

TOP= BUILD= MCRLIB= JOBS=$(nproc)
while [ $# -gt 0 ]; do
	case "$1" in
	--top) TOP=$2; shift 2 ;;
	--build) BUILD=$2; shift 2 ;;
	--mcr-lib) MCRLIB=$2; shift 2 ;;
	--jobs) JOBS=$2; shift 2 ;;
	*) echo "frr-build: unknown argument $1" >&2; exit 2 ;;
	esac
done
[ -n "$TOP" ] && [ -n "$BUILD" ] && [ -n "$MCRLIB" ] || {
	echo "usage: frr-build.sh --top SRC --build DIR --mcr-lib PATH" >&2; exit 2; }

STEP=start
LOG="$BUILD/frr-build.log"
trap 'echo "frr-build: FAILED at step \"$STEP\" (last lines of $LOG below)" >&2; tail -n 30 "$LOG" >&2 || true' ERR
step() { STEP=$1; echo "frr-build: $1${2:+: $2}"; }
run() { "$@" >>"$LOG" 2>&1; }

mkdir -p "$BUILD/src"
: >"$LOG"
# shellcheck source=/dev/null
. "$TOP/frr/pin"
FRR="$BUILD/frr"
ROOT="$BUILD/root"

step fetch
cd "$BUILD/src"
if ! [ -f "$FRR_DSC" ] || ! [ -f "$FRR_ORIG" ] || ! [ -f "$FRR_DEBIAN" ]; then
	if ! run apt-get source --download-only "$FRR_SRC_PACKAGE=$FRR_DEB_VERSION"; then
		echo "frr-build: apt-get source failed: is a deb-src entry configured? (tools/setup.sh adds one)" >&2
		false
	fi
fi
printf '%s  %s\n' "$FRR_DSC_SHA256" "$FRR_DSC" "$FRR_ORIG_SHA256" "$FRR_ORIG" \
	"$FRR_DEBIAN_SHA256" "$FRR_DEBIAN" | run sha256sum -c -

# Everything that decides the unpacked tree's content.
want=$(cat "$TOP/frr/pin" "$TOP"/frr/patches/*.patch | sha256sum | cut -d' ' -f1)
have=$(cat "$FRR/.mcr-unpacked" 2>/dev/null || true)
if [ "$want" != "$have" ]; then
	step unpack "$FRR_DSC + $(ls "$TOP"/frr/patches | wc -l) patch(es)"
	rm -rf "$FRR"
	run dpkg-source -x "$FRR_DSC" "$FRR"
	for p in "$TOP"/frr/patches/*.patch; do
		run patch -d "$FRR" -p1 --forward --batch -i "$p"
	done
	echo "$want" >"$FRR/.mcr-unpacked"
fi

step graft
mkdir -p "$FRR/mcrouted"
cp -p --update "$TOP"/mcrouted/*.[ch] "$TOP"/mcrouted/subdir.am "$FRR/mcrouted/"
cp -p --update "$TOP/yang/frr-mcrouted.yang" "$FRR/yang/"

if ! [ -f "$FRR/config.status" ]; then
	step configure
	cd "$FRR"
	run ./bootstrap.sh
	run ./configure \
		--prefix="$ROOT" --sbindir="$ROOT/lib/frr" \
		--sysconfdir="$ROOT/etc/frr" --localstatedir="$ROOT/var/run/frr" \
		--with-moduledir="$ROOT/lib/frr/modules" \
		--with-yangmodelsdir="$ROOT/share/yang" \
		--enable-user=root --enable-group=root \
		--enable-multipath=256 --enable-configfile-mask=0640 \
		--enable-logfile-mask=0640 --with-pkg-extra-version=+mcr \
		--enable-mcrouted \
		--disable-ripd --disable-ripngd --disable-ospfd --disable-ospf6d \
		--disable-ldpd --disable-nhrpd --disable-eigrpd --disable-babeld \
		--disable-isisd --disable-pimd --disable-pim6d --disable-pbrd \
		--disable-fabricd --disable-vrrpd --disable-pathd --enable-sharpd \
		--disable-ospfapi --disable-ospfclient --disable-doc \
		--disable-snmp --disable-rpki --disable-scripting --disable-bgp-vnc \
		CPPFLAGS="-I$TOP/lib" MCR_CPPFLAGS="-I$TOP/lib" \
		MCR_LIBS="$MCRLIB $(pkg-config --libs libcrypto libprotobuf-c)"
fi

step make "-j$JOBS (log: $LOG)"
cd "$FRR"
run make -j"$JOBS"

step install "$ROOT"
run make install
mkdir -p "$ROOT/etc/frr" "$ROOT/var/run/frr"
step done
