"""The join link's address: the one phones can reach, never the teacher's localhost (ui.address)."""

import types

import pytest

from ui import address


def fake_streamlit(url, server_address="localhost"):
    context = types.SimpleNamespace(url=url)
    return types.SimpleNamespace(
        context=context, get_option=lambda name: {"browser.serverAddress": server_address}[name]
    )


@pytest.fixture
def teacher_at(monkeypatch):
    def _at(url, server_address="localhost", network="192.168.1.20"):
        monkeypatch.setattr(address, "st", fake_streamlit(url, server_address))
        monkeypatch.setattr(address, "network_address", lambda: network)
        return address.phone_origin()

    return _at


def test_a_teacher_on_the_network_address_keeps_it_without_a_note(teacher_at):
    assert teacher_at("http://10.0.0.5:8501/class") == ("http://10.0.0.5:8501", None)
    assert teacher_at("https://explorer.example.org/class") == ("https://explorer.example.org", None)


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "[::1]"])
def test_localhost_becomes_the_network_address_and_the_page_says_so(teacher_at, host):
    origin, note = teacher_at(f"http://{host}:8620/class")
    assert origin == "http://192.168.1.20:8620"
    assert "only this computer can reach" in note and "192.168.1.20" in note


def test_a_configured_server_address_wins_over_the_network_address(teacher_at):
    origin, note = teacher_at("http://localhost:8501/class", server_address="explorer.school.lan")
    assert origin == "http://explorer.school.lan:8501" and "explorer.school.lan" in note


def test_without_a_network_the_note_says_phones_cannot_reach_it(teacher_at):
    origin, note = teacher_at("http://localhost:8501/class", network=None)
    assert origin == "http://localhost:8501" and "phones cannot reach this link" in note


def test_the_link_to_this_view_uses_the_phone_address_says_why_and_has_a_qr_code(open_page, monkeypatch):
    import ui.shell

    note = "Your browser opened this page as localhost, which only this computer can reach"
    monkeypatch.setattr(ui.shell, "phone_origin", lambda: ("http://192.168.1.20:8501", note))
    app = open_page("pages/binary.py", q="0.3")
    app.session_state["share_box_open"] = True
    app.run()
    assert [code.value for code in app.code] == ["http://192.168.1.20:8501/binary?q=0.3"]
    assert note in " ".join(caption.value for caption in app.caption)
    assert len(app.get("image")) == 1, "its QR code"
