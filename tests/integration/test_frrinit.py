"""mcrouted under FRR's own init: the daemons file, frrinit.sh, watchfrr.

A namespace named like an FRR pathspace runs `frrinit.sh start NAME` with a
daemons file that enables mcrouted; watchfrr supervises it and the
integrated frr.conf is applied with vtysh -b.  Killing mcrouted makes
watchfrr restart it with its configuration.
"""

import os
import shutil
import signal
import subprocess

import pytest

from netlab import sh, wait_for

DAEMONS = """\
zebra=yes
bgpd=yes
mcrouted=yes
vtysh_enable=yes
zebra_options="  -A 127.0.0.1 -P 0"
bgpd_options="   -A 127.0.0.1 -P 0"
mcrouted_options="-A 127.0.0.1 -P 0"
"""

FRR_CONF = """\
frr defaults traditional
service integrated-vtysh-config
!
router bgp 65000
 bgp router-id 192.0.2.1
exit
!
router mcr
 route-table aws
  table-id 100
 exit
exit
!
"""


@pytest.fixture
def pathspace(build):
    root = os.path.join(build, "root")
    name = "mcrit%d" % (os.getpid() % 100000)
    conf = os.path.join(root, "etc", "frr", name)
    run = os.path.join(root, "var", "run", "frr", name)
    sh(["ip", "netns", "add", name])
    sh(["ip", "-n", name, "link", "set", "lo", "up"])
    os.makedirs(conf, exist_ok=True)
    for fname, text in (("daemons", DAEMONS), ("frr.conf", FRR_CONF),
                        ("vtysh.conf", "")):
        with open(os.path.join(conf, fname), "w") as f:
            f.write(text)
    init = os.path.join(root, "lib", "frr", "frrinit.sh")

    def vtysh(*cmds):
        args = ["ip", "netns", "exec", name, os.path.join(root, "bin", "vtysh"),
                "-N", name]
        for c in cmds:
            args += ["-c", c]
        return sh(args, check=False).stdout

    try:
        yield {"name": name, "root": root, "run": run, "init": init,
               "vtysh": vtysh}
    finally:
        subprocess.run(["ip", "netns", "exec", name, init, "stop", name],
                       capture_output=True, timeout=60)
        # anything left (a daemon that ignored the stop) is ours: by pid file
        if os.path.isdir(run):
            for f in os.listdir(run):
                if f.endswith(".pid"):
                    try:
                        os.kill(int(open(os.path.join(run, f)).read()),
                                signal.SIGKILL)
                    except (OSError, ValueError):
                        pass
        subprocess.run(["ip", "netns", "del", name], capture_output=True)
        shutil.rmtree(conf, ignore_errors=True)
        shutil.rmtree(run, ignore_errors=True)


def test_daemons_file_frrinit_and_watchfrr(pathspace):
    ps = pathspace
    out = sh(["ip", "netns", "exec", ps["name"], ps["init"], "start",
              ps["name"]], timeout=60).stdout
    assert "watchfrr" in out
    wait_for("watchfrr reports mcrouted up",
             lambda: "mcrouted             Up" in ps["vtysh"]("show watchfrr"), 30)
    assert "router mcr\n route-table aws\n  table-id 100\n exit\nexit" in \
        ps["vtysh"]("show running-config")

    pid = int(open(os.path.join(ps["run"], "mcrouted.pid")).read())
    os.kill(pid, signal.SIGKILL)

    def restarted():
        try:
            new = int(open(os.path.join(ps["run"], "mcrouted.pid")).read())
        except (OSError, ValueError):
            return False
        if new == pid:
            return False
        return '"aws"' in ps["vtysh"]("show mcr status json")
    wait_for("watchfrr to restart mcrouted with its config", restarted, 40)
