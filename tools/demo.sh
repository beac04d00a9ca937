#!/bin/bash
# Demo lab: a transit router (zebra + bgpd + mcrouted) and an AWS Direct
# Connect style peer (GoBGP, AS 64512) advertising VPC CIDRs, in network
# namespaces; prints what vtysh shows, then tears everything down.
#   tools/demo.sh [--build DIR]
set -Eeuo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
BUILD="$TOP/build"
[ "${1:-}" = "--build" ] && BUILD=$2
exec /usr/bin/python3 "$TOP/tools/demo.py" --build "$BUILD"
