"""Real servers for notification tests and the fan-out benchmark: an SMTP sink (aiosmtpd),
Redis, and Celery worker processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(check: Callable[[], bool], *, timeout: float, every: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(every)
    return check()


class SinkHandler:
    """Counts what arrives per recipient; ``before_mail(n)`` runs as message n+1 starts."""

    def __init__(self, before_mail: Callable[[int], None] | None = None) -> None:
        self.lock = threading.Lock()
        self.received: Counter[str] = Counter()
        self.messages: list[bytes] = []
        self.keep = 50
        self.before_mail = before_mail

    @property
    def total(self) -> int:
        with self.lock:
            return sum(self.received.values())

    async def handle_MAIL(
        self, server: Any, session: Any, envelope: Any, address: str, mail_options: list[str]
    ) -> str:
        if self.before_mail is not None:
            self.before_mail(self.total)
        envelope.mail_from = address
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.received[rcpt] += 1
            if len(self.messages) < self.keep:
                self.messages.append(bytes(envelope.content))
        return "250 Message accepted"


class SinkController(Controller):
    """aiosmtpd on loopback; ``reuse_port`` lets several sink processes share one port."""

    def __init__(self, handler: Any, port: int, *, reuse_port: bool = False) -> None:
        super().__init__(handler, hostname="127.0.0.1", port=port)
        self.reuse_port = reuse_port

    def _create_server(self) -> Any:
        return self.loop.create_server(
            self._factory_invoker,
            host=self.hostname,
            port=self.port,
            ssl=self.ssl_context,
            reuse_port=self.reuse_port,
        )


def start_sink(
    before_mail: Callable[[int], None] | None = None,
) -> tuple[SinkController, SinkHandler]:
    handler = SinkHandler(before_mail)
    controller = SinkController(handler, free_port())
    controller.start()
    return controller, handler


def start_redis(port: int, workdir: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            workdir,
        ],
        stdout=subprocess.DEVNULL,
    )
    if not wait_for(lambda: _port_open(port), timeout=10):
        raise RuntimeError("redis-server did not start")
    return process


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def database_url(settings_dict: dict[str, Any]) -> str:
    user = settings_dict.get("USER") or ""
    password = settings_dict.get("PASSWORD") or ""
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{auth}{host}:{port}/{settings_dict['NAME']}"


class Worker:
    """A ``celery worker`` process (its own session, so it can be killed as a whole)."""

    def __init__(self, env: dict[str, str], *, concurrency: int = 1) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "civic",
                "worker",
                "--loglevel",
                "INFO",
                "--concurrency",
                str(concurrency),
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "--prefetch-multiplier",
                "1",
            ],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()
        if not wait_for(lambda: any("ready." in line for line in self.lines), timeout=60):
            self.kill()
            raise RuntimeError("worker did not start:\n" + "".join(self.lines[-40:]))

    def _read(self) -> None:
        assert self.process.stdout is not None
        for raw in self.process.stdout:
            self.lines.append(raw.decode(errors="replace"))

    def kill(self) -> None:
        """SIGKILL the worker and its pool: no clean shutdown, nothing acknowledged."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=20)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def pids(self) -> list[int]:
        """The worker and its pool processes."""
        found = [self.process.pid]
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                except OSError:
                    continue
                if int(stat[1]) == self.process.pid:
                    found.append(int(entry.name))
        return found


def peak_rss_mb(pids: list[int]) -> float:
    """Largest peak resident size (VmHWM) among the processes, in MB."""
    peak = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peak = max(peak, int(line.split()[1]))
        except OSError:
            continue
    return peak / 1024
