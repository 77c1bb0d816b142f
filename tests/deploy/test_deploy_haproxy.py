"""Replicas behind HAProxy (deploy/serve.sh 2), for real, on loopback, with Chromium as the learners.

The stack starts once for the module. Which replica served what is read from HAProxy's own statistics
(its stats socket), and the replica a browser is pinned to from its affinity cookie. Needs Debian's
haproxy: without it these tests are skipped loudly, except under CI=true, where they fail.
"""

import csv
import math
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from helpers import ROOT, SLIDER, wait_until_drawn
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

pytestmark = pytest.mark.haproxy

PORT = 8710  # HAProxy; the replicas take 8711 and 8712
PROXY = f"http://127.0.0.1:{PORT}"
SERVE = ROOT / "deploy" / "serve.sh"
COOKIE = "CEE_REPLICA"
METRIC = '[data-testid="stMetricValue"]'
FILE_INPUT = '[data-testid="stFileUploaderDropzoneInput"]'
SLOW = 20_000  # ms: the machine may be busy with other work; a rerun through the proxy still must arrive


def _need_haproxy():
    if shutil.which("haproxy") is None:
        message = "haproxy is not installed (Debian: apt-get install haproxy); .ci/run installs it"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip("HAPROXY TESTS SKIPPED. " + message)


class Stack:
    """A running deploy/serve.sh: its process, replica pids by name, and HAProxy's run directory."""

    def __init__(self, log_path):
        self.log_path = log_path
        env = {
            **os.environ,
            "PORT": str(PORT),
            "ADDRESS": "127.0.0.1",
            "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
        }
        self.log = open(log_path, "w")  # noqa: SIM115  (closed in stop())
        self.process = subprocess.Popen(  # as from a terminal: its own process group, Ctrl-C not ignored
            ["bash", str(SERVE), "2"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )
        self.replicas, self.haproxy_pid, self.run_dir = {}, None, None
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            lines = Path(log_path).read_text().splitlines()
            if any(line.startswith("Serving 2 replicas") for line in lines):
                break
            if self.process.poll() is not None:
                raise RuntimeError("serve.sh exited:\n" + "\n".join(lines))
            time.sleep(0.25)
        else:
            self.stop()
            raise RuntimeError("serve.sh was not serving within 150 s")
        for line in lines:
            if line.startswith("replica r"):  # replica r1: http://127.0.0.1:8711 (pid 1234)
                self.replicas[line.split(":")[0].split()[1]] = int(line.rsplit("pid ", 1)[1].rstrip(")"))
            elif line.startswith("haproxy: pid"):  # haproxy: pid 99, configuration /tmp/x/haproxy.cfg
                self.haproxy_pid = int(line.split()[2].rstrip(","))
                self.run_dir = Path(line.rsplit(" ", 1)[1]).parent

    def stats(self):
        """{replica name: (status, connections served so far)} from HAProxy's `show stat`."""
        with socket.socket(socket.AF_UNIX) as sock:
            sock.connect(str(self.run_dir / "haproxy.sock"))
            sock.sendall(b"show stat\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        rows = csv.DictReader(data.decode().lstrip("# ").splitlines())
        return {
            row["svname"]: (row["status"], int(row["stot"]))
            for row in rows
            if row["pxname"] == "replicas" and row["svname"] in self.replicas
        }

    def stop(self):
        """Ctrl-C, as a teacher stops it: SIGINT to the whole foreground process group."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    _need_haproxy()
    running = Stack(tmp_path_factory.mktemp("serve") / "serve.log")
    yield running
    running.stop()


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed child stays a zombie until serve.sh's bash reaps it; a zombie is not running.
    stat = Path(f"/proc/{pid}/stat")
    return stat.exists() and stat.read_text().rsplit(")", 1)[1].split()[0] != "Z"


def replica_of(context):
    """The replica named in the browser's affinity cookie."""
    return {cookie["name"]: cookie["value"] for cookie in context.cookies()}.get(COOKIE)


def finished(frame, seen):
    """Note a websocket frame that is Streamlit's 'script finished' message."""
    if isinstance(frame, bytes):
        message = ForwardMsg()
        message.ParseFromString(frame)
        if message.WhichOneof("type") == "script_finished":
            seen.append(message.script_finished)


def open_binary(context, p):
    tab = context.new_page()
    tab.goto(f"{PROXY}/binary?q={p}&y=1")
    wait_until_drawn(tab)
    expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(p):.3f} nats", timeout=SLOW)
    return tab


def press_left(tab, times=1):
    tab.locator(SLIDER).first.focus()
    for _ in range(times):
        tab.keyboard.press("ArrowLeft")


def test_serve_sh_refuses_to_start_without_a_cookie_secret():
    env = {key: value for key, value in os.environ.items() if key != "STREAMLIT_SERVER_COOKIE_SECRET"}
    env["PORT"] = "8750"
    result = subprocess.run(
        ["bash", str(SERVE), "2"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=20
    )
    assert result.returncode != 0
    assert "STREAMLIT_SERVER_COOKIE_SECRET is not set" in result.stderr
    assert "export STREAMLIT_SERVER_COOKIE_SECRET=" in result.stderr, "the message says how to set it"
    assert "replica" not in result.stdout, "nothing was started"


@pytest.mark.parametrize("replicas", ["0", "two", "100"])
def test_serve_sh_refuses_a_number_of_replicas_that_makes_no_sense(replicas):
    env = {**os.environ, "PORT": "8750", "STREAMLIT_SERVER_COOKIE_SECRET": "not-used"}
    result = subprocess.run(
        ["bash", str(SERVE), replicas], cwd=ROOT, env=env, capture_output=True, text=True, timeout=20
    )
    assert result.returncode != 0
    assert f"not '{replicas}'" in result.stderr
    assert "replica r" not in result.stdout


def test_the_check_command_in_the_configuration_works_as_written():
    _need_haproxy()
    comment = (ROOT / "deploy" / "haproxy.cfg").read_text().split("\nglobal")[0]
    command = next(line[1:].strip() for line in comment.splitlines() if "haproxy -c" in line)
    env = {key: value for key, value in os.environ.items() if not key.startswith("CEE_")}
    result = subprocess.run(
        ["bash", "-c", command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=20
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_haproxy_accepts_the_committed_and_the_generated_configuration(stack):
    env = {**os.environ, "CEE_ADDRESS": "127.0.0.1", "CEE_PORT": "8751", "CEE_RUN_DIR": str(stack.run_dir)}
    for config in (ROOT / "deploy" / "haproxy.cfg", stack.run_dir / "haproxy.cfg"):
        result = subprocess.run(
            ["haproxy", "-c", "-f", str(config)], env=env, capture_output=True, text=True, timeout=20
        )
        assert result.returncode == 0, result.stdout + result.stderr
    generated = (stack.run_dir / "haproxy.cfg").read_text()
    assert "server r1 127.0.0.1:8711 cookie r1" in generated
    assert "server r2 127.0.0.1:8712 cookie r2" in generated
    committed = (ROOT / "deploy" / "haproxy.cfg").read_text()
    assert "cookie CEE_REPLICA insert" in committed
    assert "timeout tunnel 2h" in committed, "an open websocket outlives a 60-minute lesson"
    assert "uri /_stcore/health" in committed


def test_a_browser_session_works_through_the_proxy_and_stays_on_one_replica(stack, chromium):
    before = stack.stats()
    assert all(status.startswith("UP") for status, _ in before.values()), before
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    try:
        tab = open_binary(context, 0.9)
        press_left(tab, 2)
        expect(tab.locator(METRIC).first).to_have_text(f"{-math.log(0.88):.3f} nats", timeout=SLOW)

        tab.goto(f"{PROXY}/data")  # a new page load and a new websocket, then an upload (HTTP PUT)
        wait_until_drawn(tab)
        labels, p = [1, 0, 1], [0.8, 0.3, 0.6]
        rows = "".join(f"{label},{prob}\n" for label, prob in zip(labels, p, strict=True))
        tab.locator(FILE_INPUT).set_input_files(
            {"name": "mine.csv", "mimeType": "text/csv", "buffer": ("label,q\n" + rows).encode()}
        )
        mean = -(math.log(0.8) + math.log(0.7) + math.log(0.6)) / 3
        expect(tab.locator(METRIC).first).to_have_text(f"{mean:.3f} nats", timeout=SLOW)
        expect(tab.get_by_text("Showing your file “mine.csv”")).to_be_visible(timeout=SLOW)
        expect(tab.locator('[data-testid="stException"]')).to_have_count(0)
        pinned = replica_of(context)
    finally:
        context.close()
    after = stack.stats()
    served = {name for name in after if after[name][1] > before[name][1]}
    assert pinned in stack.replicas
    assert served == {pinned}, (
        f"every request of the session reached {pinned}; before {before}, after {after}"
    )


def test_two_sessions_with_different_cookies_land_on_different_replicas(stack, chromium):
    contexts = []
    try:
        for _ in range(4):  # leastconn sends the second open tab to the other replica; 4 at most
            context = chromium.new_context(viewport={"width": 1280, "height": 800})
            contexts.append(context)
            open_binary(context, 0.7)
            if {replica_of(c) for c in contexts} == set(stack.replicas):
                break
        assert {replica_of(c) for c in contexts} == set(stack.replicas)
    finally:
        for context in contexts:
            context.close()


def test_a_class_spans_both_replicas_through_their_shared_store(stack, chromium):
    """The teacher pinned to r1 and three phones to r2: one class, one SQLite file (CEE_DATA_DIR)."""
    import class_flow

    def pinned(replica, width):
        context = chromium.new_context(viewport={"width": width, "height": 844})
        context.add_cookies([{"name": COOKIE, "value": replica, "url": PROXY}])
        return context.new_page()

    teacher, phones = pinned("r1", 1280), [pinned("r2", 390) for _ in range(3)]
    try:
        code = class_flow.start_class(teacher, PROXY)
        for phone in phones:
            class_flow.join_by_link(phone, PROXY, code)
        class_flow.ask(teacher)
        answers = (class_flow.RIGHT, class_flow.WRONG, class_flow.RIGHT)
        for phone, option in zip(phones, answers, strict=True):
            class_flow.answer(phone, option)
        class_flow.expect_count(teacher, 3)
        class_flow.reveal(teacher)
        for phone, option in zip(phones, answers, strict=True):
            class_flow.expect_verdict(phone, option)
        assert replica_of(teacher.context) == "r1"
        assert {replica_of(phone.context) for phone in phones} == {"r2"}
    finally:
        for tab in (teacher, *phones):
            tab.context.close()


def test_a_dead_replica_loses_only_its_own_sessions_and_new_ones_still_load(stack, chromium):
    """Runs last but one: it kills a replica for good."""
    contexts, tabs = {}, {}
    try:
        for p in (0.9, 0.8, 0.7, 0.6):  # one open tab on each replica (bounded: 4 tabs)
            context = chromium.new_context(viewport={"width": 1280, "height": 800})
            tab = open_binary(context, p)
            name = replica_of(context)
            if name in contexts:
                context.close()
                continue
            contexts[name], tabs[name] = context, (tab, p)
            if len(contexts) == 2:
                break
        assert set(contexts) == {"r1", "r2"}
        orphan, _ = tabs["r1"]
        reruns_after_reconnect = []  # "script finished" messages on the orphan's next websocket
        orphan.on(
            "websocket",
            lambda ws: ws.on("framereceived", lambda frame: finished(frame, reruns_after_reconnect)),
        )
        os.kill(stack.replicas["r1"], signal.SIGKILL)

        survivor, p = tabs["r2"]  # a session on the other replica carries on, on its own replica
        press_left(survivor)
        expect(survivor.locator(METRIC).first).to_have_text(f"{-math.log(p - 0.01):.3f} nats", timeout=SLOW)
        assert replica_of(contexts["r2"]) == "r2"

        orphan, p = tabs["r1"]  # reconnects to a fresh session on r2, its view intact from the link
        deadline = time.monotonic() + 30
        while replica_of(contexts["r1"]) != "r2" and time.monotonic() < deadline:
            orphan.wait_for_timeout(250)
        assert replica_of(contexts["r1"]) == "r2", "HAProxy re-pinned the orphaned browser to r2"
        while not reruns_after_reconnect and time.monotonic() < deadline:
            orphan.wait_for_timeout(250)
        assert reruns_after_reconnect, "the reconnected page ran its script on the new replica"
        wait_until_drawn(orphan)
        expect(orphan.locator(METRIC).first).to_have_text(f"{-math.log(p):.3f} nats", timeout=SLOW)
        press_left(orphan)
        expect(orphan.locator(METRIC).first).to_have_text(f"{-math.log(p - 0.01):.3f} nats", timeout=SLOW)
        assert f"q={p - 0.01:g}" in orphan.url

        newcomer = chromium.new_context(viewport={"width": 1280, "height": 800})
        contexts["new"] = newcomer
        open_binary(newcomer, 0.5)
        assert replica_of(newcomer) == "r2"

        deadline = time.monotonic() + 30  # health checks take r1 out of rotation
        while stack.stats()["r1"][0] != "DOWN" and time.monotonic() < deadline:
            time.sleep(0.5)
        assert stack.stats()["r1"][0] == "DOWN" and stack.stats()["r2"][0].startswith("UP")
        assert stack.process.poll() is None, "serve.sh keeps serving with one replica"
    finally:
        for context in contexts.values():
            context.close()


def test_ctrl_c_stops_haproxy_and_every_replica(stack):
    """Runs last: it stops the module's stack."""
    stack.stop()
    assert stack.process.returncode == 130, "serve.sh ran its clean-up and exited as interrupted"
    for pid in [*stack.replicas.values(), stack.haproxy_pid]:
        assert not alive(pid), f"process {pid} outlived serve.sh"
    assert not stack.run_dir.exists(), "the run directory is removed"
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{PROXY}/_stcore/health", timeout=2)
