"""Class mode with a class of N students (default 100) on one server, over the websocket a browser uses.

Run: python benchmarks/bench_class.py [students] [replicas]. With replicas (2, say), deploy/serve.sh runs them
behind HAProxy, sharing one SQLite file: the teacher is pinned to r1 and the students alternate between the
replicas (by HAProxy's affinity cookie). Every student is a real Streamlit session that opens
/class?join=CODE and then does what the browser does with a timed fragment: it asks the server to rerun
the fragment every second. The teacher's projector is a session too (the teacher link), polling its live
panel the same way; Ask the class and Reveal go through classroom.store, exactly as the buttons do.
Prints, against the targets of issue 21:
- the server's CPU while all N wait (percent of one core, per process; target at most 30 %);
- "question visible on the phone" after Ask the class: median and p95 (target p95 at most 3 s);
- N answers sent within 2 s: how many the store kept (target all), and how long after the last answer the
  projector's count showed N (target at most 3 s).
"""

import asyncio
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
os.environ["CEE_DATA_DIR"] = tempfile.mkdtemp(prefix="bench-class-")  # the server's store and ours
from bench_sessions import cpu_seconds  # noqa: E402
from helpers import start_streamlit, stop  # noqa: E402

from classroom import store  # noqa: E402
from lessons.class_questions import class_questions  # noqa: E402

QUESTION = "plan/sure-and-wrong"
WAITING_SECONDS = 15  # how long the CPU of a waiting class is measured
FINISHED = ForwardMsg().script_finished  # the enum's holder
EARLY = 2  # ForwardMsg.FINISHED_EARLY_FOR_RERUN: a fragment that called st.rerun(); a full run follows


class Session:
    """One browser tab: its websocket, its timed fragment, and what its last run drew."""

    def __init__(self, websocket, query):
        self.websocket, self.query, self.fragment, self.page = websocket, query, None, ""
        self.texts, self.widgets = [], {}

    async def run(self, fragment="", widgets=()):
        """One rerun (the whole page, or the timed fragment); collects what it draws."""
        message = BackMsg()
        state = message.rerun_script
        state.page_name, state.query_string, state.fragment_id = "class", self.query, fragment
        state.is_auto_rerun, state.page_script_hash = bool(fragment), self.page
        for widget_id, kind, value in widgets:
            widget = state.widget_states.widgets.add()
            widget.id = widget_id
            setattr(widget, kind, value)
        await self.websocket.send(message.SerializeToString())
        self.texts = []
        while True:
            reply = ForwardMsg()
            reply.ParseFromString(await self.websocket.recv())
            kind = reply.WhichOneof("type")
            if kind == "new_session":
                self.page = reply.new_session.page_script_hash  # sent back, as the browser does
            elif kind == "auto_rerun" and reply.auto_rerun.interval < 60:
                self.fragment = reply.auto_rerun.fragment_id
            elif kind == "delta" and reply.delta.WhichOneof("type") == "new_element":
                self._collect(reply.delta.new_element)
            elif kind == "script_finished" and reply.script_finished != EARLY:
                return

    def _collect(self, element):
        kind = element.WhichOneof("type")
        if kind == "markdown":
            self.texts.append(element.markdown.body)
        elif kind == "metric":
            self.texts.append(element.metric.body)
        elif kind == "radio":
            self.widgets["radio"] = element.radio.id
        elif kind == "button" and element.button.label == "Send my answer":
            self.widgets["send"] = element.button.id

    def shows(self, text):
        return any(text in shown for shown in self.texts)


async def tab(url, query, replica=None):
    """A session on `url`, pinned by HAProxy's cookie to `replica` when one is named."""
    websocket = await websockets.connect(
        url.replace("http", "ws", 1) + "/_stcore/stream",
        subprotocols=["streamlit"],
        origin=url,
        max_size=None,
        additional_headers={"Cookie": f"CEE_REPLICA={replica}"} if replica else None,
    )
    session = Session(websocket, query)
    await session.run()
    return session


async def poll(session, until, seen):
    """Rerun the session's timed fragment every second (as the browser does) until `until` is set; record
    in `seen` the first moment each marker text appears."""
    while not until.is_set():
        started = time.monotonic()
        await session.run(session.fragment or "")
        for marker in list(seen):
            if seen[marker] is None and session.shows(marker):
                seen[marker] = time.time()
        await asyncio.sleep(max(0.0, 1.0 - (time.monotonic() - started)))


def serve(replicas):
    """deploy/serve.sh `replicas` on port 8740: (stop function, URL, {replica name: pid})."""
    log = Path(tempfile.mkdtemp()) / "serve.log"
    env = {
        **os.environ,
        "PORT": "8740",
        "ADDRESS": "127.0.0.1",
        "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
    }
    with open(log, "w") as out:
        command = ["bash", str(ROOT / "deploy" / "serve.sh"), str(replicas)]
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    while not any(line.startswith("Serving") for line in log.read_text().splitlines()):
        if process.poll() is not None:
            raise RuntimeError(log.read_text())
        time.sleep(0.25)
    pids = {
        line.split(":")[0].split()[1]: int(line.rsplit("pid ", 1)[1].rstrip(")"))
        for line in log.read_text().splitlines()
        if line.startswith("replica r")
    }

    def stop_all():
        os.killpg(process.pid, signal.SIGINT)
        process.wait(timeout=30)

    return stop_all, "http://127.0.0.1:8740", pids


def start(replicas):
    """(stop function, URL, {process name: pid}) for one server, or for replicas behind HAProxy."""
    if not replicas:
        process, url = start_streamlit("app.py")
        return (lambda: stop(process)), url, {"server": process.pid}
    return serve(replicas)


async def main(students=100, replicas=0):
    engine = store.connect()
    stop_all, url, pids = start(replicas)
    names = sorted(pids) if replicas else [None]
    try:
        code, key = store.start_class(engine)
        question = class_questions()[QUESTION]
        teacher = await tab(url, f"join={code}&teacher={key}", names[0])
        phones = [await tab(url, f"join={code}", names[index % len(names)]) for index in range(students)]
        done = asyncio.Event()
        marker = question.prompt[:40]
        seen = [{marker: None} for _ in phones]
        teacher_seen = {f"{students} answers": None}
        pollers = [asyncio.create_task(poll(p, done, s)) for p, s in zip(phones, seen, strict=True)]
        projector_done = asyncio.Event()  # the projector polls its live panel all along, as the browser does
        projector = asyncio.create_task(poll(teacher, projector_done, teacher_seen))

        await asyncio.sleep(3)
        cpu, wall = {name: cpu_seconds(pid) for name, pid in pids.items()}, time.monotonic()
        await asyncio.sleep(WAITING_SECONDS)
        for name, pid in pids.items():
            waiting = (cpu_seconds(pid) - cpu[name]) / (time.monotonic() - wall)
            print(
                f"{students} students waiting: {name} CPU {100 * waiting:.1f} % of one core (target <= 30 %)"
            )

        asked = time.time()
        store.ask(engine, code, key, QUESTION)
        while any(s[marker] is None for s in seen) and time.time() - asked < 30:
            await asyncio.sleep(0.1)
        delays = sorted(s[marker] - asked for s in seen if s[marker] is not None)
        p95 = delays[int(0.95 * (len(delays) - 1))] if delays else float("nan")
        print(
            f"question visible on {len(delays)}/{students} phones: median {statistics.median(delays):.2f} s, "
            f"p95 {p95:.2f} s, slowest {delays[-1]:.2f} s after Ask the class (target p95 <= 3 s)"
        )

        done.set()
        await asyncio.gather(*pollers)
        option = question.options[0]

        async def send(phone):
            await asyncio.sleep(random.uniform(0, 2))
            widgets = [
                (phone.widgets["radio"], "string_value", option),
                (phone.widgets["send"], "trigger_value", True),
            ]
            sent = time.time()
            await phone.run(phone.fragment, widgets=widgets)  # the form sits in the fragment
            return sent, time.time()

        times = await asyncio.gather(*(send(phone) for phone in phones))
        last = max(acknowledged for _, acknowledged in times)
        waits = sorted(acknowledged - sent for sent, acknowledged in times)
        stored = store.tally(engine, store.state(engine, code).question_id).count
        p95 = waits[int(0.95 * (len(waits) - 1))]
        print(f"{students} answers sent within 2 s: {stored} stored, {students - stored} lost")
        print(f"each acknowledged after median {statistics.median(waits):.2f} s, p95 {p95:.2f} s")
        while teacher_seen[f"{students} answers"] is None and time.time() - last < 30:
            await asyncio.sleep(0.05)
        projector_done.set()
        await projector
        shown = teacher_seen[f"{students} answers"]
        print(
            f"projector shows '{students} answers' {shown - last:.2f} s after the last answer (target <= 3 s)"
        )
        for session in (teacher, *phones):
            await session.websocket.close()
    finally:
        stop_all()


if __name__ == "__main__":
    asyncio.run(main(*(int(argument) for argument in sys.argv[1:3])))
