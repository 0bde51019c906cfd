"""A tiny SMTP server on loopback for tests: it keeps what it receives, nothing more.

Enough of RFC 5321 for Django's SMTP backend (EHLO, MAIL, RCPT, DATA, RSET,
NOOP, QUIT), on asyncio in a thread; no third-party server needed.
"""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes


@dataclass
class SmtpSink:
    host: str = "127.0.0.1"
    port: int = 0
    messages: list[Received] = field(default_factory=list)
    _loop: asyncio.AbstractEventLoop | None = None
    _server: asyncio.AbstractServer | None = None
    _thread: threading.Thread | None = None

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        def say(line: str) -> None:
            writer.write(line.encode() + b"\r\n")

        say("220 sink ready")
        sender, recipients = "", []
        while line := await reader.readline():
            verb = line[:4].decode("ascii", "replace").upper()
            argument = line[5:].decode("utf-8", "replace").strip()
            if verb in ("EHLO", "HELO"):
                say("250-sink" if verb == "EHLO" else "250 sink")
                if verb == "EHLO":
                    say("250 8BITMIME")
            elif verb == "MAIL":
                sender, recipients = argument.partition(":")[2].strip("<> "), []
                say("250 ok")
            elif verb == "RCPT":
                recipients.append(argument.partition(":")[2].strip("<> "))
                say("250 ok")
            elif verb == "DATA":
                say("354 go on")
                await writer.drain()
                chunks = []
                while (chunk := await reader.readline()) not in (b".\r\n", b""):
                    chunks.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                self.messages.append(Received(sender, recipients, b"".join(chunks)))
                say("250 stored")
            elif verb == "QUIT":
                say("221 bye")
                await writer.drain()
                break
            else:
                say("250 ok")
            await writer.drain()
        writer.close()

    def start(self) -> SmtpSink:
        ready = threading.Event()

        def run() -> None:
            self._loop = asyncio.new_event_loop()
            self._server = self._loop.run_until_complete(
                asyncio.start_server(self._session, self.host, 0)
            )
            self.port = self._server.sockets[0].getsockname()[1]
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is not None and self._server is not None:
            self._server.close()
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(10)
