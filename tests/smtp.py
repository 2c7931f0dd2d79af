"""Mail servers for tests: a real SMTP server (aiosmtpd) in-process, one that refuses every
message, and a hung one (a socket that accepts connections and never answers)."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import cast

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class MailServer:
    url: str
    received: list[bytes] = field(default_factory=list)

    def messages(self) -> list[EmailMessage]:
        return [
            cast(EmailMessage, message_from_bytes(raw, policy=policy.default))
            for raw in self.received
        ]


@contextmanager
def smtp_server(reply: str = "250 OK") -> Iterator[MailServer]:
    """A real SMTP server on a free local port; it keeps every message it accepts and
    answers DATA with `reply` (a 5xx refuses the message)."""
    server = MailServer("")
    lock = threading.Lock()

    class Keep:
        async def handle_DATA(self, _server: object, _session: object, envelope: object) -> str:  # noqa: N802
            if reply.startswith("250"):
                with lock:
                    server.received.append(envelope.content)  # type: ignore[attr-defined]
            return reply

    port = free_port()
    controller = Controller(Keep(), hostname="127.0.0.1", port=port)
    controller.start()
    server.url = f"smtp://127.0.0.1:{port}?from=openbook@dorset.example"
    try:
        yield server
    finally:
        controller.stop()


@dataclass
class HungServer:
    url: str
    connected: threading.Event


@contextmanager
def hung_server() -> Iterator[HungServer]:
    """A server that accepts connections and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    port = listener.getsockname()[1]
    connected = threading.Event()
    held: list[socket.socket] = []
    stopping = threading.Event()

    def accept() -> None:
        while not stopping.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            held.append(conn)
            connected.set()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield HungServer(f"smtp://127.0.0.1:{port}", connected)
    finally:
        stopping.set()
        for conn in held:
            conn.close()
        listener.close()
        thread.join(5)
