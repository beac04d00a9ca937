"""Export stream and restarts: what readers see, and that a restart of
mcrouted loses nothing and flaps nothing.

Topology: tr (zebra + bgpd + mcrouted, AS 65000) -- aws (GoBGP, AS 64512)
announcing VPC CIDRs to the attachment aws-dx1, which propagates into
route table vpcs (kernel table 100).  tools/mcr-stream reads the stream.
"""

import json
import os
import re
import subprocess
import threading
import time

import pytest

from netlab import MCR_STREAM as TOOL, GoBGP, StreamReader, wait_for

TR_BGP = """\
router bgp 65000
 bgp router-id 100.64.0.1
 no bgp ebgp-requires-policy
 neighbor 100.64.0.2 remote-as 64512
 neighbor 100.64.0.2 timers 3 9
 neighbor 100.64.0.2 timers connect 1
!
"""

MCR_CFG = """router mcr
 export-stream path {path}
 export-stream mode {mode}
 route-table vpcs
  table-id 100
 exit
 attachment aws-dx1
  provider aws-direct-connect
  neighbor 100.64.0.2
  propagate vpcs
 exit
exit
"""

VPCS = ("10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16")


@pytest.fixture(scope="module", autouse=True)
def tool_built():
    if not os.access(TOOL, os.X_OK):
        pytest.fail("tools/mcr-stream is not built (make tools/mcr-stream)")


@pytest.fixture
def tr(lab):
    tr = lab.add_node("tr")
    aws = lab.add_node("aws")
    lab.link(tr, aws, "100.64.0.1/30", "100.64.0.2/30")
    tr.start_frr("zebra")
    tr.start_frr("bgpd", TR_BGP)
    tr.start_frr("mcrouted")
    wait_for("mcrouted connected to zebra",
             lambda: tr.vtysh_json("show mcr status json")["zebraConnected"])
    tr.gobgp = GoBGP(aws, 64512, "100.64.0.2", [("100.64.0.1", 65000)])
    tr.sock = os.path.join(tr.dir, "mcr-export.sock")
    return tr


def table100(tr):
    """Prefixes of kernel table 100 in tr."""
    out = tr.exec(["ip", "route", "show", "table", "100"], check=False).stdout
    return {l.split()[0] for l in out.splitlines() if l.strip()}


@pytest.fixture
def readers():
    rs = []
    yield rs
    for r in rs:
        r.close()


def route_frame(f, op, prefix, table="vpcs"):
    b = f["body"]
    return (f["type"] == "route" and b["op"] == op and b["prefix"] == prefix
            and b["table"] == table)


def checkpoint_routes(f, table="vpcs"):
    for t in f["body"]["tables"]:
        if t["name"] == table:
            return {r["prefix"]: r for r in t["routes"]}
    return {}


def configure(tr, mode="unix-socket", path=None):
    tr.configure(MCR_CFG.format(path=path or tr.sock, mode=mode))


def test_socket_reader_gets_checkpoint_then_changes(tr, readers):
    configure(tr)
    for p in VPCS[:2]:
        tr.gobgp.announce(p, "100.64.0.2")
    wait_for("two VPC routes in table 100",
             lambda: table100(tr) >= set(VPCS[:2]), 30)

    r = StreamReader(tr, "-s", tr.sock, "-w", "10")
    readers.append(r)
    hello = r.next()
    assert hello["type"] == "hello"
    assert hello["body"]["version"] == 1
    assert hello["body"]["daemon"] == "mcrouted"
    ck = r.next()
    assert ck["type"] == "checkpoint"
    routes = checkpoint_routes(ck)
    assert set(routes) == set(VPCS[:2]), ck
    assert [t["kernelTable"] for t in ck["body"]["tables"]] == [100]
    nh = routes["10.1.0.0/16"]["nexthops"]
    assert nh == [{"attachment": "aws-dx1", "address": "100.64.0.2"}]
    assert routes["10.1.0.0/16"]["kind"] == "ROUTE_KIND_PROPAGATED"

    # live changes follow, seq continues from the checkpoint without gaps
    tr.gobgp.announce(VPCS[2], "100.64.0.2")
    got = r.until("install of " + VPCS[2],
                  lambda f: route_frame(f, "install", VPCS[2]))
    tr.gobgp.withdraw(VPCS[0])
    got += r.until("withdraw of " + VPCS[0],
                   lambda f: route_frame(f, "withdraw", VPCS[0]))
    seqs = [f["seq"] for f in got]
    assert seqs == list(range(ck["seq"] + 1, ck["seq"] + 1 + len(seqs))), seqs
    assert got[0]["body"]["kernelTable"] == 100
    assert got[0]["body"]["nexthops"][0]["attachment"] == "aws-dx1"

    # a second reader gets the state as it is now, the first is unaffected
    r2 = StreamReader(tr, "-s", tr.sock, "-n", "2")
    readers.append(r2)
    assert r2.next()["type"] == "hello"
    assert set(checkpoint_routes(r2.next())) == set(VPCS[1:])
    tr.gobgp.announce(VPCS[0], "100.64.0.2")
    r.until("re-install of " + VPCS[0],
            lambda f: route_frame(f, "install", VPCS[0]))


def test_file_mode_and_malformed_frames(tr, readers):
    path = os.path.join(tr.dir, "stream.bin")
    configure(tr, mode="file", path=path)
    tr.gobgp.announce(VPCS[0], "100.64.0.2")
    wait_for("route in table 100", lambda: VPCS[0] in table100(tr), 30)
    wait_for("route frame in the file",
             lambda: os.path.exists(path) and os.path.getsize(path) > 0 and
             any(route_frame(json.loads(l), "install", VPCS[0])
                 for l in subprocess.run([TOOL, "-j", "-f", path],
                                         capture_output=True, text=True)
                 .stdout.splitlines()), 20)
    p = subprocess.run([TOOL, "-j", "-f", path], capture_output=True,
                       text=True)
    assert p.returncode == 0, p.stderr
    frames = [json.loads(l) for l in p.stdout.splitlines()]
    assert [f["type"] for f in frames[:2]] == ["hello", "checkpoint"]

    data = open(path, "rb").read()
    # cut inside the last frame: the whole frames before it still print
    p = subprocess.run([TOOL, "-"], input=data[:-3], capture_output=True)
    assert p.returncode == 2
    assert b"malformed frame: truncated frame at offset" in p.stderr, p.stderr
    assert p.stdout.count(b"\n") == len(frames) - 1
    # an impossible length stops reading, with the offset
    p = subprocess.run([TOOL, "-"], input=data + b"\xff\xff\xff\xff\x00",
                       capture_output=True)
    assert p.returncode == 2
    assert (b"malformed frame: bad frame length 4294967295 at offset %d"
            % len(data)) in p.stderr, p.stderr
    # a payload that is not a frame is skipped; the next frame still prints
    first = int.from_bytes(data[:4], "big") + 4
    junk = b"\x00\x00\x00\x03\x08\xff\xff"
    p = subprocess.run([TOOL, "-"], input=junk + data[:first],
                       capture_output=True)
    assert p.returncode == 2
    assert b"undecodable payload (3 bytes)" in p.stderr, p.stderr
    assert p.stdout.startswith(b"seq ") and b" hello " in p.stdout

    # back to socket mode: the file stops growing, the socket appears
    size = os.path.getsize(path)
    configure(tr)
    wait_for("export socket", lambda: os.path.exists(tr.sock), 10)
    tr.gobgp.announce(VPCS[1], "100.64.0.2")
    wait_for("route in table 100", lambda: VPCS[1] in table100(tr), 30)
    assert os.path.getsize(path) == size


class Poller:
    """ip route show table 100, every ~20 ms, in a thread."""

    def __init__(self, tr):
        self.tr, self.samples, self.stop = tr, [], threading.Event()
        self.t = threading.Thread(target=self._run, daemon=True)
        self.t.start()

    def _run(self):
        while not self.stop.is_set():
            self.samples.append((time.monotonic(), table100(self.tr)))
            time.sleep(0.02)

    def finish(self):
        self.stop.set()
        self.t.join(10)
        return self.samples


def log_size(tr):
    return os.path.getsize(os.path.join(tr.dir, "mcrouted.log"))


def log_has(tr, text, since=0):
    with open(os.path.join(tr.dir, "mcrouted.log")) as f:
        f.seek(since)
        return text in f.read()


def test_restart_keeps_kernel_routes_and_stream_resumes(tr, readers):
    configure(tr)
    for p in VPCS:
        tr.gobgp.announce(p, "100.64.0.2")
    wait_for("VPC routes in table 100", lambda: table100(tr) >= set(VPCS), 30)
    tr.vtysh("write memory")
    ckpt = os.path.join(tr.dir, "mcrouted.ckpt")
    wait_for("checkpoint written", lambda: os.path.exists(ckpt), 10)
    # the checkpoint file is a stream of its own: hello + checkpoint
    out = subprocess.run([TOOL, "-j", "-f", ckpt], capture_output=True,
                         text=True, check=True).stdout.splitlines()
    assert [json.loads(l)["type"] for l in out] == ["hello", "checkpoint"]
    wait_for("checkpoint has every route",
             lambda: set(checkpoint_routes(json.loads(subprocess.run(
                 [TOOL, "-j", "-f", ckpt], capture_output=True, text=True)
                 .stdout.splitlines()[1]))) == set(VPCS), 10)

    old = StreamReader(tr, "-s", tr.sock)
    readers.append(old)
    assert old.next()["type"] == "hello"
    assert old.next()["type"] == "checkpoint"

    poll = Poller(tr)
    time.sleep(0.3)
    since = log_size(tr)
    tr.stop("mcrouted")
    # while it is down, the peer withdraws one VPC: after the restart the
    # checkpoint brings it back only until the reconciliation removes it
    tr.gobgp.withdraw(VPCS[2])
    tr.start_frr("mcrouted")
    b = tr.vtysh_boot("mcrouted")
    assert b.returncode == 0, b.stdout + b.stderr
    new = StreamReader(tr, "-s", tr.sock, "-w", "15")
    readers.append(new)
    wait_for("restart reconciled", lambda: log_has(tr, "restart complete", since),
             MCR_RESTORE_WAIT)
    wait_for("withdrawn VPC gone from table 100",
             lambda: VPCS[2] not in table100(tr), 10)
    time.sleep(0.5)
    samples = poll.finish()

    # the old reader saw the stream end; the new one a new checkpoint
    with pytest.raises(AssertionError, match="stream ended"):
        old.until("end of stream", lambda f: False, 10)
    hello = new.next()
    assert hello["type"] == "hello" and hello["body"]["pid"] != \
        old.frames[0]["body"]["pid"]
    ck = new.next()
    assert ck["type"] == "checkpoint"
    assert set(VPCS[:2]) <= set(checkpoint_routes(ck))
    if VPCS[2] in checkpoint_routes(ck):
        # connected before the reconciliation: the withdrawal follows
        new.until("withdraw of " + VPCS[2],
                  lambda f: route_frame(f, "withdraw", VPCS[2]))

    # never a gap: every sample during the restart had the kept routes
    assert len(samples) > 50, len(samples)
    gaps = [(round(t - samples[0][0], 3), sorted(s)) for t, s in samples
            if not set(VPCS[:2]) <= s]
    assert not gaps, gaps[:5]
    assert log_has(tr, "checkpoint %s: re-installed 3 routes" % ckpt, since)
    # the restored copy of the withdrawn VPC went either in the final
    # sweep or earlier, when its withdrawal reached the fresh tables
    assert log_has(tr, "withdrawn as no longer wanted", since)

    # and mcrouted runs on normally: a new VPC is streamed and installed
    tr.gobgp.announce("10.4.0.0/16", "100.64.0.2")
    new.until("install of 10.4.0.0/16",
              lambda f: route_frame(f, "install", "10.4.0.0/16"))
    wait_for("10.4/16 in table 100", lambda: "10.4.0.0/16" in table100(tr))


# Restore hold (30 s) plus settle time, with margin for a busy machine.
MCR_RESTORE_WAIT = 45
