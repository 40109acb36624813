"""Serve the platform for a demo: migrate, seed, then web + Celery worker + beat.

Uses REDIS_URL if set; otherwise starts a local redis-server if one is installed;
otherwise runs Celery tasks eagerly inside the web process and says so.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.3)
        return sock.connect_ex((host, port)) == 0


def run(*args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, check=True)


def main() -> int:
    env = os.environ.copy()
    children: list[subprocess.Popen[bytes]] = []
    redis_url = env.get("REDIS_URL", "")
    if not redis_url:
        if port_open("127.0.0.1", 6379):
            redis_url = "redis://127.0.0.1:6379/0"
            print("Using the Redis server already running on 127.0.0.1:6379.")
        elif shutil.which("redis-server"):
            children.append(
                subprocess.Popen(
                    [
                        "redis-server",
                        "--port",
                        "6379",
                        "--bind",
                        "127.0.0.1",
                        "--save",
                        "",
                        "--appendonly",
                        "no",
                    ],
                    stdout=subprocess.DEVNULL,
                )
            )
            for _ in range(50):
                if port_open("127.0.0.1", 6379):
                    break
                time.sleep(0.1)
            redis_url = "redis://127.0.0.1:6379/0"
            print("Started a local Redis server on 127.0.0.1:6379.")
    if redis_url:
        env["REDIS_URL"] = redis_url
        os.environ["REDIS_URL"] = redis_url
    run("migrate", "--noinput")
    run("seed_demo")
    print()
    if redis_url:
        print(
            f"Notifications: Celery worker and beat on Redis ({redis_url}). "
            "Emails are printed in this console by the worker."
        )
        beat_file = ROOT / ".celerybeat-schedule"
        children.append(
            subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "celery",
                    "-A",
                    "civic",
                    "worker",
                    "--loglevel",
                    "INFO",
                    "--concurrency",
                    "2",
                ],
                cwd=ROOT,
                env=env,
            )
        )
        children.append(
            subprocess.Popen(
                [
                    PYTHON,
                    "-m",
                    "celery",
                    "-A",
                    "civic",
                    "beat",
                    "--loglevel",
                    "INFO",
                    "--schedule",
                    str(beat_file),
                ],
                cwd=ROOT,
                env=env,
            )
        )
    else:
        print(
            "Notifications: no Redis found (set REDIS_URL or install redis-server). "
            "Celery tasks run eagerly inside the web process, right after each change "
            "commits; emails are printed in this console. Scheduled jobs (beat) do not "
            "run in this mode."
        )
    print("Serving Civic Square at http://127.0.0.1:8000 (Ctrl-C stops everything).")
    web = subprocess.Popen([PYTHON, "manage.py", "runserver", "127.0.0.1:8000"], cwd=ROOT, env=env)
    children.append(web)
    try:
        return web.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for child in reversed(children):
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()


if __name__ == "__main__":
    sys.exit(main())
