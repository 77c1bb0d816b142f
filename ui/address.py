"""The address phones can reach: the one the teacher's browser used, unless that was this machine only."""

import io
import socket
from urllib.parse import urlsplit

import segno
import streamlit as st

LOOPBACK = ("localhost", "127.0.0.1", "::1", "0.0.0.0", "")


def network_address():
    """This machine's address on its network, as Streamlit's "Network URL" gives it; None when offline."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # picks the outgoing interface; sends nothing
            return probe.getsockname()[0]
        except OSError:
            return None


def phone_origin():
    """(scheme://host:port phones can open, a note for the teacher or None).

    The teacher's own address when it is not this machine's loopback; otherwise browser.serverAddress when
    it is configured, else the network address, on the port the teacher's browser used.
    """
    seen = urlsplit(st.context.url or "http://localhost:8501")
    host = seen.hostname or ""
    if host not in LOOPBACK:
        return f"{seen.scheme}://{seen.netloc}", None
    configured = st.get_option("browser.serverAddress")
    address = configured if configured not in LOOPBACK else network_address()
    if address is None:
        return f"{seen.scheme}://{seen.netloc}", (
            f"Your browser opened this page as {host}, and this computer has no network address, so phones "
            "cannot reach this link. Connect the computer to the classroom's network and reload the page."
        )
    port = f":{seen.port}" if seen.port else ""
    return f"{seen.scheme}://{address}{port}", (
        f"Your browser opened this page as {host}, which only this computer can reach; the link uses "
        f"{address}, this computer's address on the network (set browser.serverAddress to choose another)."
    )


def qr_png(link, scale=12):
    """A QR code of `link` as PNG bytes (error correction M: it survives a smudge on paper or a screen)."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()
