"""Hostile and broken XML is refused by both XML list readers, through their ``read``.

The external-entity tests run a local HTTP server as a canary: the entity's SYSTEM URL
points at it, and the test asserts both that the read is refused and that nothing ever
connected to the server.
"""

from __future__ import annotations

import gzip
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from offramp.model import SourceFormatError, UnsafeInputError
from offramp.sources.base import ListFormat
from offramp.sources.ofac_advanced import FORMAT as OFAC_ADVANCED
from offramp.sources.un import FORMAT as UN

ATTACKS = Path(__file__).parent.parent / "fixtures" / "xml-attacks"
LISTS = Path(__file__).parent.parent / "fixtures" / "lists"

FORMATS: dict[str, ListFormat] = {"ofac": OFAC_ADVANCED, "un": UN}
GOOD = {"ofac": LISTS / "ofac-advanced" / "sdn_advanced-handmade.xml",
        "un": LISTS / "un" / "consolidated-2026-02-27.xml.gz"}
ROOTS = {"ofac": "Sanctions", "un": "CONSOLIDATED_LIST"}


class _Canary(ThreadingHTTPServer):
    """An HTTP server that counts every connection it accepts."""

    connections = 0

    def get_request(self) -> tuple[socket.socket, object]:
        request = super().get_request()
        self.connections += 1
        return request


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = b"<!ENTITY leaked 'canary'>"
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # quiet test output
        pass


@pytest.fixture
def canary() -> Iterator[_Canary]:
    server = _Canary(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _canary_url(server: _Canary) -> str:
    host, port = server.server_address[:2]
    return f"http://{host!s}:{port}"


def test_canary_server_does_count_connections(canary: _Canary) -> None:
    # Without this, "no connection" below could mean a broken canary.
    host, port = canary.server_address[:2]
    with socket.create_connection((str(host), int(port)), timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
        assert sock.recv(64).startswith(b"HTTP/1.0 200")
    assert canary.connections == 1


@pytest.mark.parametrize("kind", ["ofac", "un"])
def test_billion_laughs_is_refused(kind: str) -> None:
    path = ATTACKS / f"billion-laughs-{kind}.xml"
    with pytest.raises(UnsafeInputError) as err:
        FORMATS[kind].read(path)
    assert str(path) in str(err.value)


@pytest.mark.parametrize("kind", ["ofac", "un"])
@pytest.mark.parametrize("attack", ["external-entity", "external-dtd"])
def test_external_references_are_refused_without_any_connection(
    kind: str, attack: str, canary: _Canary, tmp_path: Path
) -> None:
    template = (ATTACKS / f"{attack}-{kind}.xml").read_text(encoding="utf-8")
    assert "CANARY_URL" in template
    path = tmp_path / f"{attack}-{kind}.xml"
    path.write_text(template.replace("CANARY_URL", _canary_url(canary)), encoding="utf-8")
    with pytest.raises(UnsafeInputError):
        FORMATS[kind].read(path)
    assert canary.connections == 0


@pytest.mark.parametrize("kind", ["ofac", "un"])
def test_billion_laughs_gzipped_is_refused(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"attack-{kind}.xml.gz"
    path.write_bytes(gzip.compress((ATTACKS / f"billion-laughs-{kind}.xml").read_bytes()))
    with pytest.raises(UnsafeInputError):
        FORMATS[kind].read(path)


def _good_text(kind: str) -> str:
    data = GOOD[kind].read_bytes()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    return data.decode("utf-8")


@pytest.mark.parametrize("kind", ["ofac", "un"])
@pytest.mark.parametrize("fraction", [0.3, 0.5, 0.97])
def test_truncated_xml_names_the_line(kind: str, fraction: float, tmp_path: Path) -> None:
    text = _good_text(kind)
    cut = text[: int(len(text) * fraction)]
    path = tmp_path / f"cut-{kind}.xml"
    path.write_text(cut, encoding="utf-8")
    with pytest.raises(SourceFormatError) as err:
        FORMATS[kind].read(path)
    assert not isinstance(err.value, UnsafeInputError)
    assert err.value.where is not None and err.value.where.startswith("line ")
    line = int(err.value.where.split()[1].rstrip(","))
    assert line >= cut.count("\n")  # the error is at the cut, not before it
    assert str(path) in str(err.value)


@pytest.mark.parametrize("kind", ["ofac", "un"])
def test_wrong_root_element(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "other.xml"
    path.write_text('<?xml version="1.0"?>\n<sdnList><sdnEntry/></sdnList>\n', encoding="utf-8")
    with pytest.raises(SourceFormatError, match=rf"expected <{ROOTS[kind]}>.*found <sdnList>"):
        FORMATS[kind].read(path)


@pytest.mark.parametrize("kind", ["ofac", "un"])
@pytest.mark.parametrize("content", [b"", b"  \n\n", b'<?xml version="1.0"?>\n'])
def test_empty_file(kind: str, content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "empty.xml"
    path.write_bytes(content)
    with pytest.raises(SourceFormatError) as err:
        FORMATS[kind].read(path)
    assert str(path) in str(err.value)
    assert "empty file" in str(err.value) or "no element found" in str(err.value)


@pytest.mark.parametrize("kind", ["ofac", "un"])
def test_not_xml_at_all(kind: str, tmp_path: Path) -> None:
    path = tmp_path / "list.xml"
    path.write_text("ent_num,SDN_Name\n1,SOMEONE\n", encoding="utf-8")
    with pytest.raises(SourceFormatError, match="line 1"):
        FORMATS[kind].read(path)
