#!/bin/bash
# Runs INSIDE the qemu VM of tests/kernel/run (a full Debian kernel: GRE,
# ESP, xfrm interfaces).  Prints "mcr-vm: RESULT PASS|FAIL <name>" lines.
#
#   tr: zebra + bgpd + mcrouted + charon (kernel IPsec, driven by VICI)
#    |  veth 192.0.2.1/24 -- 192.0.2.2, .3, .4/24
#   gw: zebra + bgpd (AS 64512, 10.30.0.0/24 and 10.40.0.0/24 on lo),
#       charon (swanctl), its own GRE and xfrm links
#
# 1. gre-bgp-traffic: mcrouted creates GRE tunnel tgw1 (aws-tgw-connect,
#    inside 169.254.100.0/29, first usable address local); BGP over it
#    puts 10.30.0.0/24 into mcrouted's table 101; ping crosses it.
# 2. xfrm-failover: tunnels aws1 (to .2) and aws2 (to .3) over xfrm
#    interfaces mcrouted creates (if_id_in/out in the charon connection);
#    10.40.0.0/24 in table 100 (used by an ip rule); the tunnel carrying
#    it is killed (the gateway deletes its IKE SA and its endpoint address
#    disappears): its route is withdrawn at once (BGP still holds for
#    9 s) and traffic fails over to the other tunnel.  (Only removing the
#    address is no kill: the gateway's kernel keeps sending ESP from the
#    SA's source address, so DPD sees a live peer.)
set -u
B=$MCR_BUILD
ROOT=$B/root
W=/tmp/mcrk
PY=/usr/bin/python3
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mkdir -p $W/tr/charon/run $W/gw/charon/run
say() { echo "mcr-vm: $*"; }
result() { if [ "$2" = 0 ]; then say "RESULT PASS $1"; else say "RESULT FAIL $1: ${3:-}"; fi; }
# waitfor SECONDS CMD...: poll every 0.5 s
waitfor() {
	local end=$((SECONDS + $1)); shift
	until "$@" >/dev/null 2>&1; do
		[ $SECONDS -ge $end ] && return 1
		sleep 0.5
	done
}
vt() { local n=$1; shift; ip netns exec $n $ROOT/bin/vtysh --vty_socket $W/$n --config_dir $W/$n "$@"; }
frr() { # NODE DAEMON [env...]
	local n=$1 d=$2; shift 2
	touch $W/$n/vtysh.conf
	ip netns exec $n env "$@" $ROOT/lib/frr/$d -d -u root -g root --vty_socket $W/$n \
		-z $W/$n/zserv.api -i $W/$n/$d.pid -f $W/$n/$d.conf -P 0 \
		--log file:$W/$n/$d.log $([ $d = bgpd ] && echo "-p 179")
}
charon() { # NODE
	local n=$1
	rm -f $W/$n/charon/run/* $W/$n/charon/charon.vici
	ip netns exec $n setsid sh -c "mount --bind $W/$n/charon/run /run && \
		STRONGSWAN_CONF=$W/$n/charon/strongswan.conf exec /usr/lib/ipsec/charon" \
		>$W/$n/charon/out 2>&1 </dev/null &
	waitfor 60 test -S $W/$n/charon/charon.vici
}

# ---------------------------------------------------------------- topology
for n in tr gw; do
	ip netns add $n
	ip -n $n link set lo up
	ip netns exec $n sysctl -qw net.ipv4.ip_forward=1
	# deleting the primary address must not take the secondaries along
	ip netns exec $n sysctl -qw net.ipv4.conf.default.promote_secondaries=1
	ip netns exec $n sysctl -qw net.ipv4.conf.all.promote_secondaries=1
done
ip link add tr-gw type veth peer name gw-tr
ip link set tr-gw netns tr
ip link set gw-tr netns gw
ip -n tr addr add 192.0.2.1/24 dev tr-gw
for a in 2 3 4; do ip -n gw addr add 192.0.2.$a/24 dev gw-tr; done
ip -n tr link set tr-gw up
ip -n gw link set gw-tr up
ip -n gw addr add 10.30.0.1/24 dev lo
ip -n gw addr add 10.40.0.1/24 dev lo
# the gateway's own tunnel ends
ip -n gw link add gre1 type gre local 192.0.2.4 remote 192.0.2.1 ttl 64
ip -n gw addr add 169.254.100.2/29 dev gre1
ip -n gw link set gre1 up
ip -n gw link add xa1 type xfrm dev gw-tr if_id 11
ip -n gw link add xa2 type xfrm dev gw-tr if_id 12
ip -n gw addr add 169.254.11.2/30 dev xa1
ip -n gw addr add 169.254.12.2/30 dev xa2
ip -n gw link set xa1 up
ip -n gw link set xa2 up

# ---------------------------------------------------------------- charon
for n in tr gw; do
	cat >$W/$n/charon/strongswan.conf <<CONF
charon {
  load = random nonce openssl pem pkcs1 x509 pubkey sha1 sha2 hmac kdf aes gcm gmp kernel-netlink socket-default vici updown
  install_routes = no
  retransmit_tries = 2
  retransmit_timeout = 1.0
  retransmit_base = 1.4
  filelog {
    lab {
      path = $W/$n/charon/charon.log
      default = 1
      ike = 1
    }
  }
  syslog {
    daemon {
      default = -1
    }
  }
  plugins {
    vici {
      socket = unix://$W/$n/charon/charon.vici
    }
  }
}
swanctl {
  load = pem pkcs1 x509 pubkey openssl random
  socket = unix://$W/$n/charon/charon.vici
}
CONF
done
PSK1=$($PY -c 'import secrets;print("K"+secrets.token_hex(16))')
PSK2=$($PY -c 'import secrets;print("L"+secrets.token_hex(16))')
gwconn() { # NAME LOCAL IFID
	cat <<C
  $1 {
    version = 2
    local_addrs = $2
    remote_addrs = 192.0.2.1
    proposals = aes256gcm16-prfsha256-x25519
    dpd_delay = 1s
    local {
      auth = psk
      id = $2
    }
    remote {
      auth = psk
      id = 192.0.2.1
    }
    children {
      $1 {
        local_ts = 0.0.0.0/0
        remote_ts = 0.0.0.0/0
        esp_proposals = aes256gcm16
        if_id_in = $3
        if_id_out = $3
        dpd_action = clear
        start_action = none
      }
    }
  }
C
}
{
	echo "connections {"
	gwconn aws1 192.0.2.2 11
	gwconn aws2 192.0.2.3 12
	echo "}"
	echo "secrets {"
	echo "  ike-1 { id-1 = 192.0.2.1
    id-2 = 192.0.2.2
    secret = \"$PSK1\" }"
	echo "  ike-2 { id-1 = 192.0.2.1
    id-2 = 192.0.2.3
    secret = \"$PSK2\" }"
	echo "}"
} >$W/gw/swanctl.conf
charon gw || say "gw charon did not start"
charon tr || say "tr charon did not start"
STRONGSWAN_CONF=$W/gw/charon/strongswan.conf ip netns exec gw swanctl --load-all \
	--file $W/gw/swanctl.conf --uri unix://$W/gw/charon/charon.vici >$W/gw/load.log 2>&1 ||
	say "swanctl load failed: $(cat $W/gw/load.log)"

# ---------------------------------------------------------------- FRR
bgpconf() { # ROUTERID AS PEERAS NEIGHBORS... (then networks on stdin)
	local rid=$1 as=$2 pas=$3; shift 3
	echo "router bgp $as"
	echo " bgp router-id $rid"
	echo " no bgp ebgp-requires-policy"
	echo " no bgp network import-check"
	for nb in "$@"; do
		echo " neighbor $nb remote-as $pas"
		case $nb in
		169.254.100.*) echo " neighbor $nb prefix-list only30 out" ;;
		169.254.1[12].*) echo " neighbor $nb prefix-list only40 out" ;;
		esac
		echo " neighbor $nb timers 1 3"
		echo " neighbor $nb timers connect 1"
	done
	echo " address-family ipv4 unicast"
	cat
	echo " exit-address-family"
	echo "ip prefix-list only30 seq 5 permit 10.30.0.0/24"
	echo "ip prefix-list only40 seq 5 permit 10.40.0.0/24"
}
printf '' >$W/tr/zebra.conf
printf '' >$W/gw/zebra.conf
bgpconf 192.0.2.1 65000 64512 169.254.100.2 169.254.11.2 169.254.12.2 </dev/null >$W/tr/bgpd.conf
printf '  network 10.30.0.0/24\n  network 10.40.0.0/24\n' |
	bgpconf 192.0.2.2 64512 65000 169.254.100.1 169.254.11.1 169.254.12.1 >$W/gw/bgpd.conf
echo "debug mcr tunnel" >$W/tr/mcrouted.conf
$PY - $W/tr/mcrouted.key "$PSK1" "$PSK2" >$W/tr/tokens <<'PYEOF'
import base64, os, sys
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
key = os.urandom(32)
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
os.write(fd, key); os.close(fd)
for p in sys.argv[2:]:
    n = os.urandom(12)
    print("$1$" + base64.b64encode(n + AESGCM(key).encrypt(n, p.encode(), b"mcrouted-secret-v1")).decode())
PYEOF
T1=$(sed -n 1p $W/tr/tokens)
T2=$(sed -n 2p $W/tr/tokens)
for n in gw tr; do
	frr $n zebra
	frr $n bgpd
done
ip netns exec tr $ROOT/lib/frr/mcrouted -d -u root -g root --vty_socket $W/tr \
	-z $W/tr/zserv.api -i $W/tr/mcrouted.pid -f $W/tr/mcrouted.conf -P 0 \
	--log file:$W/tr/mcrouted.log --secret-key $W/tr/mcrouted.key
waitfor 60 test -S $W/tr/mcrouted.vty || say "mcrouted did not start"
# the tunnels through vtysh, as an operator configures them (the BGP
# peers of the tunnel attachments are derived from the inside prefixes)
cfg=()
while read -r line; do cfg+=(-c "$line"); done <<CFG
configure terminal
router mcr
vici socket $W/tr/charon/charon.vici
route-table tgwt
table-id 101
exit
route-table vpn
table-id 100
exit
tunnel tgw1
type gre
preset aws-tgw-connect
local-address 192.0.2.1
remote-address 192.0.2.4
inside-prefix 169.254.100.0/29
exit
tunnel aws1
type ipsec
local-address 192.0.2.1
remote-address 192.0.2.2
inside-prefix 169.254.11.0/30
ike-proposal aes256gcm16-prfsha256-x25519
esp-proposal aes256gcm16
dpd-delay 1
psk encrypted $T1
exit
tunnel aws2
type ipsec
local-address 192.0.2.1
remote-address 192.0.2.3
inside-prefix 169.254.12.0/30
ike-proposal aes256gcm16-prfsha256-x25519
esp-proposal aes256gcm16
dpd-delay 1
psk encrypted $T2
exit
attachment tgw
kind tunnel
tunnel tgw1
propagate tgwt
exit
attachment aws1
kind tunnel
tunnel aws1
propagate vpn
exit
attachment aws2
kind tunnel
tunnel aws2
propagate vpn
exit
CFG
out=$(vt tr "${cfg[@]}" 2>&1)
result vtysh-config $([ -z "$out" ]; echo $?) "$out"
say "daemons started at $SECONDS s"

tstate() { vt tr -c "show mcr tunnel $1 json" | $PY -c 'import json,sys;print(json.load(sys.stdin).get(sys.argv[1],""))' "$2"; }
is_up() { [ "$(tstate $1 state)" = up ]; }
in_table() { ip -n tr route show table $1 | grep -q "$2"; }

# ---------------------------------------------------------------- 1. GRE
err=""
waitfor 90 is_up tgw1 || err="tgw1 not up: $(tstate tgw1 reason) $(tstate tgw1 lastError)"
[ -z "$err" ] && { ip -n tr -d link show mcr-tgw1 | grep -q 'gre remote 192.0.2.4' || err="no kernel GRE link mcr-tgw1"; }
[ -z "$err" ] && { ip -n tr addr show mcr-tgw1 | grep -q '169.254.100.1/29' || err="inside address missing"; }
[ -z "$err" ] && { waitfor 90 in_table 101 10.30.0.0/24 || err="10.30.0.0/24 not in table 101: $(vt tr -c 'show bgp summary')"; }
[ -z "$err" ] && { waitfor 20 ip netns exec tr ping -c1 -W1 -I 169.254.100.1 10.30.0.1 || err="no ping over GRE"; }
result gre-bgp-traffic $([ -z "$err" ]; echo $?) "$err"
vt tr -c "show mcr tunnel tgw1"

# ---------------------------------------------------------------- 2. xfrm
err=""
for t in aws1 aws2; do
	[ -z "$err" ] && { waitfor 90 is_up $t || err="$t not up: $(tstate $t state) $(tstate $t reason) $(tstate $t lastError)"; }
done
[ -z "$err" ] && { [ "$(tstate aws1 dataplane)" = xfrm-interface ] || err="aws1 not on an xfrm interface"; }
[ -z "$err" ] && { ip -n tr -d link show mcr-aws1 | grep -q 'xfrm' || err="no xfrm link mcr-aws1"; }
[ -z "$err" ] && { ip -n tr xfrm state | grep -q 'if_id' || err="no kernel SA with if_id: $(ip -n tr xfrm state)"; }
[ -z "$err" ] && { waitfor 90 in_table 100 10.40.0.0/24 || err="10.40.0.0/24 not in table 100"; }
ip -n tr rule add to 10.40.0.0/24 lookup 100 pref 100
[ -z "$err" ] && { waitfor 20 ip netns exec tr ping -c1 -W1 10.40.0.1 || err="no ping over xfrm"; }
if [ -z "$err" ]; then
	dev=$(ip -n tr route show table 100 10.40.0.0/24 | grep -o 'dev [^ ]*' | head -1 | cut -d' ' -f2)
	case $dev in
	mcr-aws1) dead=aws1 other=aws2 gwaddr=192.0.2.2 ;;
	mcr-aws2) dead=aws2 other=aws1 gwaddr=192.0.2.3 ;;
	*) err="route in table 100 via unexpected device '$dev'" ;;
	esac
fi
if [ -z "$err" ]; then
	say "killing tunnel $dead (carrying 10.40.0.0/24) at $SECONDS s"
	# the gateway tears the tunnel down (IKE DELETE) and its endpoint
	# goes away, so that mcrouted's re-initiation cannot succeed
	t0=$SECONDS
	STRONGSWAN_CONF=$W/gw/charon/strongswan.conf ip netns exec gw swanctl --terminate \
		--ike $dead --timeout 10 --uri unix://$W/gw/charon/charon.vici >/dev/null 2>&1
	ip -n gw addr del $gwaddr/24 dev gw-tr
	waitfor 60 sh -c "! ip -n tr route show table 100 10.40.0.0/24 | grep -q 'dev mcr-$dead'" ||
		err="route via $dead not withdrawn"
	took=$((SECONDS - t0))
	say "route via $dead withdrawn after $took s"
	[ -z "$err" ] && [ $took -ge 9 ] &&
		err="withdrawal took $took s: not faster than the 9 s BGP hold time"
	[ -z "$err" ] && { [ "$(tstate $dead attachmentUp)" = False ] ||
		err="$dead attachment still up when its route left table 100"; }
	[ -z "$err" ] && { [ "$(tstate $dead state)" != up ] || err="$dead still up"; }
	[ -z "$err" ] && { waitfor 60 sh -c "ip -n tr route show table 100 10.40.0.0/24 | grep -q 'dev mcr-$other'" ||
		err="no failover to $other: $(ip -n tr route show table 100)"; }
	[ -z "$err" ] && { waitfor 20 ip netns exec tr ping -c1 -W1 10.40.0.1 || err="no ping after failover"; }
	[ -z "$err" ] && { is_up $other || err="$other went down"; }
fi
if [ -n "$err" ]; then
	ip -n tr route show table 100
	ip -n tr route show table 101
	vt tr -c "show ip bgp"
fi
result xfrm-failover $([ -z "$err" ]; echo $?) "$err"
vt tr -c "show mcr tunnel"

# ---------------------------------------------------------------- PSKs
err=""
for p in "$PSK1" "$PSK2"; do
	if grep -rqF "$p" $W/tr/*.log $W/tr/*.conf $W/tr/charon/charon.log 2>/dev/null ||
		vt tr -c "show mcr tunnel json" -c "show running-config" | grep -qF "$p"; then
		err="PSK plaintext found"
	fi
done
result no-plaintext-psk $([ -z "$err" ]; echo $?) "$err"

# ---------------------------------------------------------------- cleanup
for n in tr gw; do
	for d in mcrouted bgpd zebra; do
		[ -f $W/$n/$d.pid ] && kill $(cat $W/$n/$d.pid) 2>/dev/null
	done
	[ -f $W/$n/charon/run/charon.pid ] && kill $(cat $W/$n/charon/run/charon.pid) 2>/dev/null
done
sleep 1
ip netns del tr
ip netns del gw
