#!/bin/sh
# Validate the draft frr-mcrouted module and its instance documents.
#
#   yang/draft/check.sh [YANGLINT]
#
# 1. The module must compile with yanglint without any message (errors or
#    warnings).  yanglint 2.1.30 (libyang2-tools) has no --strict option:
#    data parsing is strict by default (-n relaxes it) and we treat any
#    schema warning as a failure.
# 2. tests/ok-*.xml must validate, tests/bad-*.xml must be rejected.
#    The data type is taken from the file name:
#      *rpc-*    -t rpc    (RPC input)
#      *notif-*  -t notif  (notification)
#      *state-*  -t data   (config + operational state, as <get>)
#      else      -t config (configuration only: state nodes are refused)
# One line per file; exit status 1 on any mismatch.
set -u
here=$(cd "$(dirname "$0")" && pwd)
yl=${1:-${YANGLINT:-yanglint}}
mod="$here/frr-mcrouted.yang"
fail=0

out=$("$yl" -p "$here" "$mod" 2>&1); rc=$?
if [ $rc -ne 0 ] || [ -n "$out" ]; then
	echo "FAIL module frr-mcrouted.yang (rc=$rc)"
	printf '%s\n' "$out" | sed 's/^/    /'
	fail=1
else
	echo "ok   module frr-mcrouted.yang"
fi

for f in "$here"/tests/*.xml; do
	[ -e "$f" ] || continue
	b=$(basename "$f")
	case "$b" in
	ok-*) expect=0 ;;
	bad-*) expect=1 ;;
	*) echo "FAIL $b: name must start with ok- or bad-"; fail=1; continue ;;
	esac
	case "$b" in
	*rpc-*) type=rpc ;;
	*notif-*) type=notif ;;
	*state-*) type=data ;;
	*) type=config ;;
	esac
	msg=$("$yl" -p "$here" -t "$type" "$mod" "$f" 2>&1); rc=$?
	first=$(printf '%s\n' "$msg" | grep -m1 'libyang err' | sed 's/^libyang err : //' | cut -c1-110)
	if [ $expect -eq 0 ] && [ $rc -ne 0 ]; then
		echo "FAIL $b ($type): should validate: $first"
		fail=1
	elif [ $expect -eq 1 ] && [ $rc -eq 0 ]; then
		echo "FAIL $b ($type): should be rejected"
		fail=1
	elif [ $expect -eq 0 ]; then
		echo "ok   $b ($type): valid"
	else
		echo "ok   $b ($type): rejected: $first"
	fi
done
exit $fail
