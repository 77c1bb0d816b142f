"""A class at once, on one process and on two replicas behind HAProxy, side by side in one run.

Run: python benchmarks/bench_replicas.py [learners] [presses]   (defaults: 100 learners, 10 presses each)
Needs haproxy (deploy/serve.sh starts both set-ups). Every learner is a real Streamlit session over the
websocket (the client of benchmarks/bench_sessions.py): it asks for the page's HTML as a browser does
(which is where HAProxy's affinity cookie is set), then opens the websocket with that cookie and waits for
the first run of /binary to finish. All learners start at the same moment. Once all have loaded, they all
press the slider, back to back, `presses` times each: the server is saturated, and reruns per second is
its throughput. The learners run on the same cores as the servers; their CPU time is printed too. The
two set-ups run one after the other on the same machine, with the same learners:

- one process: `deploy/serve.sh 1`, with the learners connected to the replica itself (no proxy), as
  `streamlit run app.py` alone serves a class;
- two replicas: `deploy/serve.sh 2`, with the learners connected to HAProxy.

Each replica is warmed up first with one learner of its own (a fresh process imports its libraries on
its first run; a class meets a server that has been running). Errors are failed connections, runs that
do not finish within a minute, and pages without their slider.
Every loop is bounded: `learners` sessions, `presses` presses each, and a time limit on every wait.
"""

import asyncio
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import websockets

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_sessions import PAGES, back_message, cpu_seconds, run_script  # noqa: E402  (the same client)

PAGE = "binary"
TIMEOUT = 60  # seconds for any one load or rerun
SETUPS = {  # name: (replicas, HAProxy's port, connect to the proxy?)
    "one process": (1, 8740, False),
    "two replicas": (2, 8730, True),
}


def start(replicas, port):
    """deploy/serve.sh on loopback; once it serves: (process, {replica: (pid, port)}, HAProxy's pid)."""
    log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)  # noqa: SIM115  (read below)
    env = {
        **os.environ,
        "PORT": str(port),
        "ADDRESS": "127.0.0.1",
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
        "PYTHON": sys.executable,
    }
    process = subprocess.Popen(
        ["bash", str(ROOT / "deploy" / "serve.sh"), str(replicas)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    for _ in range(600):  # 150 s
        lines = Path(log.name).read_text().splitlines()
        if any(line.startswith("Serving") for line in lines):
            break
        if process.poll() is not None:
            raise RuntimeError("serve.sh exited:\n" + "\n".join(lines))
        time.sleep(0.25)
    else:
        stop(process)
        raise RuntimeError("serve.sh was not serving within 150 s")
    replicas_found = {}
    for line in lines:
        if line.startswith("replica r"):  # replica r1: http://127.0.0.1:8731 (pid 1234)
            name = line.split(":")[0].split()[1]
            pid = int(line.rsplit("pid ", 1)[1].rstrip(")"))
            replicas_found[name] = (pid, int(line.split(":")[3].split()[0]))
        elif line.startswith("haproxy: pid"):  # haproxy: pid 99, configuration /tmp/x/haproxy.cfg
            haproxy_pid = int(line.split()[2].rstrip(","))
    return process, replicas_found, haproxy_pid


def stop(process):
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


async def page_cookie(port, path):
    """GET the page's HTML as a browser does first; return the Cookie header HAProxy set (or '')."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"GET /{path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    head = (await reader.read()).split(b"\r\n\r\n", 1)[0].decode("latin-1")
    writer.close()
    status = head.split("\r\n", 1)[0]
    if " 200 " not in status:
        raise RuntimeError(f"the page answered {status}")
    cookies = [
        line.split(":", 1)[1].split(";")[0].strip()
        for line in head.split("\r\n")[1:]
        if line.lower().startswith("set-cookie:")
    ]
    return "; ".join(cookies)


async def learner(port, loads, presses, errors, everyone_loaded, count, pinned=None):
    """Load the page (timed), wait for the whole class, then press the slider `count` times (each timed)."""
    url = f"http://127.0.0.1:{port}"
    values = PAGES[PAGE]
    try:
        start = time.perf_counter()
        cookie = await asyncio.wait_for(page_cookie(port, PAGE), TIMEOUT)
        headers = {"Cookie": cookie} if cookie else {}
        if pinned is not None:
            pinned.append(
                next((c.split("=")[1] for c in cookie.split("; ") if c.startswith("CEE_REPLICA=")), "-")
            )
        stream = f"ws://127.0.0.1:{port}/_stcore/stream"
        async with websockets.connect(
            stream, subprotocols=["streamlit"], origin=url, max_size=None, additional_headers=headers
        ) as ws:
            _, slider = await asyncio.wait_for(run_script(ws, back_message(PAGE)), TIMEOUT)
            loads.append(time.perf_counter() - start)
            if slider is None:
                raise RuntimeError("the page had no slider")
            await everyone_loaded.wait()
            for press in range(count):
                message = back_message(PAGE, slider[0], values[press % 2], slider[1])
                seconds, _ = await asyncio.wait_for(run_script(ws, message), TIMEOUT)
                presses.append(seconds)
    except Exception as error:  # noqa: BLE001  (every failure is counted, none stops the class)
        errors.append(f"{type(error).__name__}: {error}")


async def a_class(port, learners, count, pinned=None, cpu=lambda: 0.0):
    """Load the page with every learner at once, then saturate the slider; `cpu()` reads the servers' CPU."""
    loads, presses, errors, everyone_loaded = [], [], [], asyncio.Event()
    cpu_start, burst = cpu(), time.perf_counter()
    tasks = [
        asyncio.create_task(learner(port, loads, presses, errors, everyone_loaded, count, pinned))
        for _ in range(learners)
    ]
    deadline = burst + 4 * TIMEOUT
    while len(loads) + len(errors) < learners and time.perf_counter() < deadline:
        await asyncio.sleep(0.01)
    all_loaded, cpu_loaded = time.perf_counter() - burst, cpu()
    slider_start = time.perf_counter()
    everyone_loaded.set()
    await asyncio.wait_for(asyncio.gather(*tasks), timeout=count * TIMEOUT + TIMEOUT)
    slider_seconds, cpu_end = time.perf_counter() - slider_start, cpu()
    return {
        "loads": loads,
        "all loaded": all_loaded,
        "presses": presses,
        "reruns/s": len(presses) / slider_seconds,
        "errors": errors,
        "cores while loading": (cpu_loaded - cpu_start) / all_loaded,
        "cores while pressing": (cpu_end - cpu_loaded) / slider_seconds,
    }


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] if ordered else float("nan")


def measure(name, learners, count):
    replicas, port, through_proxy = SETUPS[name]
    process, found, haproxy_pid = start(replicas, port)
    try:
        target = port if through_proxy else next(iter(found.values()))[1]
        for _, replica_port in found.values():  # a class meets a warm server: imports and caches done
            warm = asyncio.run(a_class(replica_port, 1, 1))
            if warm["errors"]:
                raise RuntimeError(f"warming up failed: {warm['errors']}")
        serving = [pid for pid, _ in found.values()] + ([haproxy_pid] if through_proxy else [])
        haproxy_before, client_before = cpu_seconds(haproxy_pid), time.process_time()
        pinned = []
        run = asyncio.run(
            a_class(target, learners, count, pinned, cpu=lambda: sum(cpu_seconds(pid) for pid in serving))
        )
        haproxy_cpu = cpu_seconds(haproxy_pid) - haproxy_before
        client_cpu = time.process_time() - client_before
    finally:
        stop(process)
    loads, presses = run["loads"], run["presses"]
    return {
        **run,
        "load p50": statistics.median(loads) if loads else float("nan"),
        "load p95": percentile(loads, 0.95),
        "press p50": statistics.median(presses) if presses else float("nan"),
        "press p95": percentile(presses, 0.95),
        "HAProxy CPU s": haproxy_cpu if through_proxy else 0.0,
        "client CPU s": client_cpu,
        "sessions per replica": {name: pinned.count(name) for name in found} if through_proxy else {},
    }


def main(learners=100, count=10):
    load = os.getloadavg()
    print(
        f"{learners} learners open /{PAGE} at once, then press its slider {count} times each, back to back.\n"
        f"Machine: {os.cpu_count()} cores, load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f} (start)."
    )
    results = {name: measure(name, learners, count) for name in SETUPS}
    one, two = results["one process"], results["two replicas"]
    print(f"\n{'':24s}{'one process':>14s}{'two replicas':>14s}{'ratio':>10s}")
    for key, unit, better_low in (
        ("load p50", "ms", True),
        ("load p95", "ms", True),
        ("all loaded", "ms", True),
        ("press p50", "ms", True),
        ("press p95", "ms", True),
        ("reruns/s", "", False),
    ):
        scale = 1000 if unit == "ms" else 1
        ratio = one[key] / two[key] if better_low else two[key] / one[key]
        label = f"{key} ({unit})" if unit else key
        print(f"{label:24s}{one[key] * scale:14.1f}{two[key] * scale:14.1f}{ratio:9.2f}x")
    for key in ("cores while loading", "cores while pressing"):
        print(f"{key:24s}{one[key]:14.2f}{two[key]:14.2f}")
    print(f"{'HAProxy CPU (s)':24s}{one['HAProxy CPU s']:14.2f}{two['HAProxy CPU s']:14.2f}")
    print(f"{'these learners CPU (s)':24s}{one['client CPU s']:14.2f}{two['client CPU s']:14.2f}")
    print(f"{'errors':24s}{len(one['errors']):14d}{len(two['errors']):14d}")
    print(f"two replicas: learners per replica {two['sessions per replica']}")
    for name, result in results.items():
        for error in sorted(set(result["errors"]))[:5]:
            print(f"  {name}: {error}")
    load = os.getloadavg()
    print(f"Load average at the end: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print("ratio: how many times better two replicas are (time: one / two; reruns per second: two / one).")
    print("cores: the servers' CPU seconds (replicas, and HAProxy for two replicas) per second of the phase;")
    print("two replicas can use 2.0 only when nothing else on the machine wants the cores.")


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
