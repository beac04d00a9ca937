"""pytest fixtures for mcrouted's namespace integration tests."""

import os
import sys

import pytest

sys.path.insert(0, os.path.dirname(__file__))
import netlab  # noqa: E402


@pytest.fixture(scope="session")
def build(request):
    b = os.environ.get("MCR_BUILD")  # build dir holding root/ (FRR install)
    if not b:
        b = os.path.join(os.path.dirname(__file__), "..", "..", "build")
    b = os.path.abspath(b)
    if not os.path.exists(os.path.join(b, "root", "lib", "frr", "mcrouted")):
        pytest.exit("no mcrouted build under %s: run tools/setup.sh first" % b, 2)
    if os.geteuid() != 0:
        pytest.exit("integration tests need root (network namespaces)", 2)
    return b


@pytest.fixture
def lab(build, request):
    tag = "t%d" % (os.getpid() % 10000)
    l = netlab.Lab(build, tag=tag)
    yield l
    l.close()
