"""Throw-away PostgreSQL and Redis servers on loopback, for benchmarks.

Used as a context manager; honours DATABASE_URL / REDIS_URL when they are set.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_postgres(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        yield os.environ["DATABASE_URL"]
        return
    bins = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
    if not bins:
        raise SystemExit(
            "PostgreSQL server binaries not found (install postgresql) and no "
            "DATABASE_URL set: this benchmark needs a real PostgreSQL."
        )
    bin_dir = bins[-1]
    folder = tempfile.mkdtemp(prefix="civic-bench-pg-")
    os.chmod(folder, 0o755)  # noqa: S103 - the postgres user must reach its data folder
    data = os.path.join(folder, "data")
    os.mkdir(data)
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
        shutil.chown(data, "postgres")
    port = free_port()
    subprocess.run(
        _as_postgres(
            [
                f"{bin_dir}/initdb",
                "-D",
                data,
                "-U",
                "civic",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        _as_postgres(
            [
                f"{bin_dir}/pg_ctl",
                "-D",
                data,
                "-l",
                os.path.join(folder, "pg.log"),
                "-w",
                "-o",
                f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=300 "
                "-c shared_buffers=256MB -c synchronous_commit=off",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [f"{bin_dir}/createdb", "-h", "127.0.0.1", "-p", str(port), "-U", "civic", "civic"],
        check=True,
    )
    try:
        yield f"postgres://civic@127.0.0.1:{port}/civic"
    finally:
        subprocess.run(
            _as_postgres([f"{bin_dir}/pg_ctl", "-D", data, "-m", "immediate", "stop"]),
            capture_output=True,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def redis() -> Iterator[str]:
    if os.environ.get("REDIS_URL"):
        yield os.environ["REDIS_URL"]
        return
    if not shutil.which("redis-server"):
        raise SystemExit("redis-server not found (install redis-server) and no REDIS_URL set.")
    port = free_port()
    folder = tempfile.mkdtemp(prefix="civic-bench-redis-")
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
            folder,
        ],
        stdout=subprocess.DEVNULL,
    )
    wait_for_port(port)
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)


def wait_for_port(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")
