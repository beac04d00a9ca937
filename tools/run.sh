#!/bin/bash
# The README's quick start, one command each on a fresh Debian bookworm
# machine (as root):
#   tools/run.sh demo   set everything up, run the demo lab
#   tools/run.sh test   set everything up, run every test (make check)
set -Eeuo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP"
case "${1:-}" in
demo)
	tools/setup.sh
	make -s demo
	;;
test)
	tools/setup.sh
	make -j"$(nproc)" check
	make check-kernel
	;;
*)
	echo "usage: tools/run.sh demo|test" >&2
	exit 2
	;;
esac
