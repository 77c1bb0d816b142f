"""A class at once: N sessions move a slider on one server; rerun latency and throughput.

Run: python benchmarks/bench_sessions.py [max sessions]. Each simulated learner is a real Streamlit
session over the websocket the browser uses: it sends the slider's new value, then waits for the
server's "script finished". All of them press at the same moment, again and again, which is harsher
than a real class. The baseline, timed in the same run with as many sessions, is
benchmarks/baseline_app.py (a slider and a metric): latencies, and the server's CPU time per rerun
(read from /proc, so Linux only), are printed as ratios to it.
"""

import asyncio
import os
import statistics
import sys
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from helpers import start_streamlit, stop  # noqa: E402  (the tests' own server starter)
from slider_pages import slider_pages  # noqa: E402  (the catalogue's pages with a slider)

PRESSES = 10  # slider changes per learner
# URL path: the two values its first slider alternates between, for each page whose first slider-like
# widget is a plain slider (the catalogue). The training lab trains once per value, then serves the cache.
PAGES = {page.slug: values for page, (_, values) in slider_pages(first_only=True).items()}


def back_message(page, slider_id=None, value=None, fragment_id=""):
    """A 'rerun the script' message, as the browser sends it, optionally with the slider's new value.

    A slider inside an st.fragment reruns only that fragment, as in the browser.
    """
    message = BackMsg()
    message.rerun_script.page_name = page
    message.rerun_script.fragment_id = fragment_id
    if slider_id is not None:
        widget = message.rerun_script.widget_states.widgets.add()
        widget.id = slider_id
        widget.double_array_value.data.append(value)
    return message.SerializeToString()


async def run_script(websocket, message):
    """Send one rerun; return (seconds until the script finished, the first slider's (id, fragment id))."""
    start = time.perf_counter()
    await websocket.send(message)
    slider = None
    while True:
        reply = ForwardMsg()
        reply.ParseFromString(await websocket.recv())
        kind = reply.WhichOneof("type")
        if kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
            element = reply.delta.new_element
            if element.WhichOneof("type") == "slider" and slider is None:
                slider = (element.slider.id, reply.delta.fragment_id)
        elif kind == "script_finished":
            return time.perf_counter() - start, slider


async def learner(url, page, values, ready, start_together, latencies):
    """Open the page, wait for the others, then press the slider PRESSES times, timing each rerun."""
    stream = url.replace("http", "ws", 1) + "/_stcore/stream"
    async with websockets.connect(stream, subprotocols=["streamlit"], origin=url, max_size=None) as ws:
        _, (slider_id, fragment_id) = await run_script(ws, back_message(page))
        ready.append(slider_id)
        await start_together.wait()
        for press in range(PRESSES):
            message = back_message(page, slider_id, values[press % 2], fragment_id)
            seconds, _ = await run_script(ws, message)
            latencies.append(seconds)


def cpu_seconds(pid):
    """The CPU time (user + system) the process has used so far, from /proc (Linux)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def class_of(url, pid, page, values, sessions):
    """Every press's latency, the reruns served per second, and the server's CPU seconds per rerun."""
    ready, start_together, latencies = [], asyncio.Event(), []
    tasks = [
        asyncio.create_task(learner(url, page, values, ready, start_together, latencies))
        for _ in range(sessions)
    ]
    while len(ready) < sessions:  # every session has opened and drawn its page
        await asyncio.sleep(0.05)
    start, cpu_start = time.perf_counter(), cpu_seconds(pid)
    start_together.set()
    await asyncio.gather(*tasks)
    cpu_per_rerun = (cpu_seconds(pid) - cpu_start) / len(latencies)
    return latencies, len(latencies) / (time.perf_counter() - start), cpu_per_rerun


def measure(script, page, values, sessions):
    process, url = start_streamlit(script)
    try:
        return asyncio.run(class_of(url, process.pid, page, values, sessions))
    finally:
        stop(process)


def main(max_sessions=100):
    baseline_script = ROOT / "benchmarks" / "baseline_app.py"
    for sessions in [count for count in (1, 10, 30, 100) if count <= max_sessions]:
        latencies, throughput, cpu = measure(baseline_script, "", (0.3, 0.8), sessions)
        baseline, baseline_cpu = statistics.median(latencies), cpu
        print(
            f"baseline (slider + metric) {sessions:3d} sessions: median {baseline * 1000:7.1f} ms (1.0x), "
            f"{throughput:5.1f} reruns/s, server CPU {cpu * 1000:5.1f} ms per rerun (1.0x)"
        )
        for page, values in PAGES.items():
            latencies, throughput, cpu = measure("app.py", page, values, sessions)
            median, p90 = statistics.median(latencies), statistics.quantiles(latencies, n=10)[-1]
            print(
                f"  /{page:11s}               median {median * 1000:7.1f} ms ({median / baseline:5.1f}x), "
                f"p90 {p90 * 1000:7.1f} ms, {throughput:5.1f} reruns/s, "
                f"server CPU {cpu * 1000:5.1f} ms per rerun ({cpu / baseline_cpu:4.1f}x)"
            )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
