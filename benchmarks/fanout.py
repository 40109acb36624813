"""Fan-out benchmark: one "voting opens" event to 10,000 and 100,000 area subscribers.

Real servers all the way: PostgreSQL (DATABASE_URL, or a throw-away cluster started like
scripts/test.sh does), Redis (REDIS_URL, or a throw-away redis-server), a Celery worker
process (prefork) and an SMTP sink on loopback in its own processes sharing one port:
by default a minimal asyncio SMTP server that offers PIPELINING as mail relays do, so
that the figures are the platform's rather than the sink's; `--sink aiosmtpd` uses
aiosmtpd, whose own CPU per message (about 1.3 ms) bounds the run on a small machine.
The clock starts before the event is recorded and stops when the sink holds
one message per subscriber. Prints seconds, emails per second and the workers' peak
memory; with --json the last line is {"runs": [{"recipients", "seconds", "emails_per_s",
"peak_mb", "delivered", "duplicates"}, ...]}.

    .venv/bin/python benchmarks/fanout.py [--sizes 10000,100000] [--json]
"""

from __future__ import annotations

import argparse
import json
import logging
import multiprocessing
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.notifications.servers import (  # noqa: E402
    SinkController,
    Worker,
    free_port,
    peak_rss_mb,
    start_redis,
    wait_for,
)


def log(*parts: object) -> None:
    print(*parts, file=sys.stderr, flush=True)


# -- servers -------------------------------------------------------------------------


def as_postgres(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.getuid() == 0 else args


def start_postgres(tmp: Path) -> tuple[str, str, Path]:
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not bins:
        raise SystemExit("No PostgreSQL server binaries and no DATABASE_URL: cannot run.")
    pg_bin = bins[-1]
    data = tmp / "pg"
    data.mkdir(parents=True)
    if os.getuid() == 0:
        shutil.chown(tmp, "postgres")
        shutil.chown(data, "postgres")
    port = free_port()
    subprocess.run(
        as_postgres(
            [
                str(pg_bin / "initdb"),
                "-D",
                str(data),
                "-U",
                "civic",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    options = (
        f"-p {port} -k {tmp} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100 "
        "-c shared_buffers=256MB"
    )
    subprocess.run(
        as_postgres(
            [
                str(pg_bin / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(tmp / "pg.log"),
                "-w",
                "-o",
                options,
                "start",
            ]
        ),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    subprocess.run(
        [str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "civic", "civic"],
        check=True,
    )
    return f"postgres://civic@127.0.0.1:{port}/civic", str(pg_bin), data


def sink_process(port: int, counts: Any, ready: Any) -> None:
    """One aiosmtpd sink; counts[i] += 1 for each message to bench{i}@example.org."""
    logging.getLogger("mail.log").setLevel(logging.WARNING)

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            for rcpt in envelope.rcpt_tos:
                local = rcpt.split("@", 1)[0]
                if local.startswith("bench"):
                    index = int(local[5:])
                    with counts.get_lock():
                        counts[index] += 1
            return "250 OK"

    controller = SinkController(Handler(), port, reuse_port=True)
    controller.start()
    ready.set()
    while True:
        time.sleep(3600)


def lean_sink_process(port: int, counts: Any, ready: Any) -> None:
    """A minimal SMTP sink (EHLO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) on asyncio, to tell
    the platform's cost apart from aiosmtpd's; same counting as ``sink_process``."""
    import asyncio
    import socket

    class Session(asyncio.Protocol):
        def connection_made(self, transport: Any) -> None:
            self.transport = transport
            self.buffer = b""
            self.in_data = False
            self.rcpts: list[bytes] = []
            sock = transport.get_extra_info("socket")
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            transport.write(b"220 sink ESMTP\r\n")

        def data_received(self, data: bytes) -> None:
            # Replies to pipelined commands go out together, as real servers send them
            # (one write per reply would wait on delayed ACKs).
            self.replies: list[bytes] = []
            self.buffer += data
            self._handle()
            if self.replies:
                self.transport.write(b"".join(self.replies))

        def _handle(self) -> None:
            while True:
                if self.in_data:
                    end = self.buffer.find(b"\r\n.\r\n")
                    if end < 0:
                        return
                    self.buffer = self.buffer[end + 5 :]
                    self.in_data = False
                    with counts.get_lock():
                        for rcpt in self.rcpts:
                            local = rcpt.split(b"@", 1)[0].lstrip(b"<")
                            if local.startswith(b"bench"):
                                counts[int(local[5:])] += 1
                    self.replies.append(b"250 OK\r\n")
                    continue
                end = self.buffer.find(b"\r\n")
                if end < 0:
                    return
                line, self.buffer = self.buffer[:end], self.buffer[end + 2 :]
                verb = line[:4].upper()
                if verb == b"EHLO":
                    self.replies.append(b"250-sink\r\n250-PIPELINING\r\n250 8BITMIME\r\n")
                elif verb == b"MAIL":
                    self.rcpts = []
                    self.replies.append(b"250 OK\r\n")
                elif verb == b"RCPT":
                    self.rcpts.append(line.split(b":", 1)[1].strip().rstrip(b">"))
                    self.replies.append(b"250 OK\r\n")
                elif verb == b"DATA":
                    self.in_data = True
                    self.buffer = b"\r\n" + self.buffer  # so an empty body still ends
                    self.replies.append(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                elif verb == b"QUIT":
                    self.transport.write(b"".join([*self.replies, b"221 Bye\r\n"]))
                    self.replies = []
                    self.transport.close()
                    return
                else:
                    self.replies.append(b"250 OK\r\n")

    async def serve() -> None:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
        sock.bind(("127.0.0.1", port))
        server = await asyncio.get_running_loop().create_server(Session, sock=sock)
        ready.set()
        await server.serve_forever()

    asyncio.run(serve())


# -- data ----------------------------------------------------------------------------


def make_people(total: int) -> list[int]:
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from civic.accounts.models import User

    unusable = make_password(None)
    existing = User.objects.filter(email__startswith="bench").count()
    if existing < total:
        log(f"creating {total - existing} people...")
        for start in range(existing, total, 10_000):
            users = [
                User(email=f"bench{i}@example.org", password=unusable, preferred_language="en")
                for i in range(start, min(total, start + 10_000))
            ]
            User.objects.bulk_create(users, batch_size=5000)
        with connection.cursor() as cursor:
            cursor.execute(
                'INSERT INTO account_emailaddress (user_id, email, verified, "primary") '
                "SELECT id, email, true, true FROM accounts_user WHERE email LIKE 'bench%%' "
                "ON CONFLICT DO NOTHING"
            )
    return list(
        User.objects.filter(email__startswith="bench").order_by("pk").values_list("pk", flat=True)
    )[:total]


def subscribe(area: Any, user_ids: list[int]) -> None:
    from civic.notifications.models import AreaSubscription

    AreaSubscription.objects.filter(area=area).delete()
    AreaSubscription.objects.bulk_create(
        [AreaSubscription(user_id=pk, area=area) for pk in user_ids], batch_size=10_000
    )


# -- one run -------------------------------------------------------------------------


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of the processes so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def postgres_cpu_seconds(data: Path | None) -> float | None:
    """CPU of the benchmark's own PostgreSQL: the postmaster with the children it has
    reaped, plus the children alive now (None with an outside DATABASE_URL)."""
    if data is None:
        return None
    try:
        postmaster = int((data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(stat.parent.name)
        if pid == postmaster:
            total += sum(int(f) for f in fields[11:15])  # own and reaped children's
        elif int(fields[1]) == postmaster:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def run(
    size: int,
    env: dict[str, str],
    counts: Any,
    user_ids: list[int],
    concurrency: int,
    organisation: Any,
    area: Any,
    sink_pids: list[int],
    pg_data: Path | None = None,
) -> dict[str, Any]:
    from django.db import transaction

    from civic.notifications.kinds import ANNOUNCEMENT
    from civic.notifications.models import DeliveryBatch, Event, Notification
    from civic.notifications.services.events import event_record

    Event.objects.all().delete()
    DeliveryBatch.objects.all().delete()
    subscribe(area, user_ids[:size])
    for i in range(len(counts)):
        counts[i] = 0
    worker = Worker(env, concurrency=concurrency)
    sink_cpu = cpu_seconds(sink_pids)
    pg_cpu = postgres_cpu_seconds(pg_data)
    try:
        worker_cpu = cpu_seconds(worker.pids())
        start = time.perf_counter()
        with transaction.atomic():
            event_record(
                kind=ANNOUNCEMENT,
                organisation=organisation,
                subject_type="round",
                subject_id=size,
                title="Voting opens for the participatory budget",
                url="/rounds/1/",
                area_ids=[area.pk],
            )

        def total() -> int:
            return sum(counts.get_obj())

        last_report = start
        while total() < size and time.perf_counter() - start < 900:
            time.sleep(0.2)
            if time.perf_counter() - last_report > 10:
                last_report = time.perf_counter()
                log(f"  ... {total()} of {size} after {last_report - start:.0f}s")
        seconds = time.perf_counter() - start
        wait_for(lambda: False, timeout=1.0)  # anything doubled arrives now or never
        peak = peak_rss_mb(worker.pids())
        worker_cpu = cpu_seconds(worker.pids()) - worker_cpu
        sink_cpu = cpu_seconds(sink_pids) - sink_cpu
        pg_after = postgres_cpu_seconds(pg_data)
        pg_part = (
            f", PostgreSQL {pg_after - pg_cpu:.1f} s"
            if pg_after is not None and pg_cpu is not None
            else ""
        )
        log(
            f"  CPU: workers {worker_cpu:.1f} s, SMTP sink {sink_cpu:.1f} s{pg_part} "
            f"({1000 * worker_cpu / size:.2f} + {1000 * sink_cpu / size:.2f} ms per email "
            "for workers + sink); "
            f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"
        )
    finally:
        worker.stop()
    values = counts.get_obj()[:size]
    delivered = sum(1 for v in values if v >= 1)
    duplicates = sum(v - 1 for v in values if v > 1)
    notified = Notification.objects.count()
    if notified != size:
        log(f"  ! {notified} notifications in the database for {size} subscribers")
    return {
        "recipients": size,
        "seconds": round(seconds, 2),
        "emails_per_s": round(delivered / seconds, 1),
        "peak_mb": round(peak, 1),
        "delivered": delivered,
        "duplicates": duplicates,
    }


def profile(
    size: int,
    user_ids: list[int],
    organisation: Any,
    area: Any,
    plain: bool,
    pg_data: Path | None = None,
) -> None:
    """Fan out and send in this process under cProfile (no worker): where the time goes."""
    import cProfile
    import pstats

    from django.db import transaction

    from civic.notifications.kinds import ANNOUNCEMENT
    from civic.notifications.models import DeliveryBatch, Event
    from civic.notifications.services.delivery import batch_send
    from civic.notifications.services.events import event_record
    from civic.notifications.services.fanout import event_fanout

    Event.objects.all().delete()
    DeliveryBatch.objects.all().delete()
    subscribe(area, user_ids[:size])
    with transaction.atomic():
        event = event_record(
            kind=ANNOUNCEMENT,
            organisation=organisation,
            subject_type="round",
            subject_id=size,
            title="Voting opens for the participatory budget",
            url="/rounds/1/",
            area_ids=[area.pk],
        )
    from civic.notifications.services.delivery import render_event_email, unsubscribe_url

    render_event_email(event, "en")  # one-off costs (templates, URL patterns) out of the way
    unsubscribe_url(user_id=1, kind=ANNOUNCEMENT)
    profiler = cProfile.Profile(time.process_time)  # CPU, not waiting
    start = time.process_time()
    pg_start = postgres_cpu_seconds(pg_data)
    if not plain:
        profiler.enable()
    event_fanout(event_id=event.pk)
    fanned = time.process_time()
    pg_fanned = postgres_cpu_seconds(pg_data)
    for batch_id in DeliveryBatch.objects.order_by("pk").values_list("pk", flat=True):
        batch_send(batch_id=batch_id)
    profiler.disable()
    end = time.process_time()
    pg_end = postgres_cpu_seconds(pg_data)
    log(
        f"  CPU in this process: fan-out {1000 * (fanned - start) / size:.3f} ms per "
        f"recipient, sending {1000 * (end - fanned) / size:.3f} ms per email"
    )
    if pg_start is not None and pg_fanned is not None and pg_end is not None:
        log(
            f"  CPU in PostgreSQL: fan-out {1000 * (pg_fanned - pg_start) / size:.3f} ms per "
            f"recipient, sending {1000 * (pg_end - pg_fanned) / size:.3f} ms per email"
        )
    if not plain:
        pstats.Stats(profiler, stream=sys.stderr).sort_stats(
            os.environ.get("PROFILE_SORT", "cumulative")
        ).print_stats(45)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--concurrency", type=int, default=4, help="worker processes")
    parser.add_argument("--sinks", type=int, default=2, help="SMTP sink processes")
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument(
        "--sink",
        choices=["aiosmtpd", "lean"],
        default="lean",
        help="aiosmtpd, or a minimal asyncio SMTP sink that costs the machine less",
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="no worker: fan out and send the first size in this process under cProfile",
    )
    parser.add_argument(
        "--cpu-only", action="store_true", help="with --profile: CPU figures, no cProfile"
    )
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]

    tmp = Path(tempfile.mkdtemp(prefix="civic-bench-"))
    os.chmod(tmp, 0o755)  # noqa: S103 - the postgres user must reach its data dir
    cleanups: list[Any] = []
    try:
        database_url = os.environ.get("DATABASE_URL", "")
        pg_data: Path | None = None
        if not database_url:
            database_url, pg_bin, data = start_postgres(tmp)
            pg_data = data
            cleanups.append(
                lambda: subprocess.run(
                    as_postgres([f"{pg_bin}/pg_ctl", "-D", str(data), "-m", "immediate", "stop"]),
                    stdout=subprocess.DEVNULL,
                    check=False,
                )
            )
        redis_url = os.environ.get("REDIS_URL", "")
        if not redis_url:
            port = free_port()
            redis = start_redis(port, str(tmp))
            cleanups.append(redis.terminate)
            redis_url = f"redis://127.0.0.1:{port}/0"

        smtp_port = free_port()
        counts = multiprocessing.Array("i", max(sizes))
        sinks = []
        for _ in range(options.sinks):
            ready = multiprocessing.Event()
            process = multiprocessing.Process(
                target=lean_sink_process if options.sink == "lean" else sink_process,
                args=(smtp_port, counts, ready),
                daemon=True,
            )
            process.start()
            ready.wait(30)
            sinks.append(process)
        cleanups.extend(process.terminate for process in sinks)

        env = {
            "CIVIC_ENV": "test",
            "DEBUG": "false",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "NOTIFICATIONS_BATCH_SIZE": str(options.batch_size),
            "LOG_LEVEL": "WARNING",
        }
        os.environ.update(env)
        os.environ["DJANGO_SETTINGS_MODULE"] = "civic.settings"
        import django

        django.setup()
        from django.core.management import call_command

        from civic.places.models import AreaKind, Organisation
        from civic.places.services.areas import area_create

        call_command("migrate", verbosity=0)
        organisation, _ = Organisation.objects.get_or_create(slug="bench", defaults={"name": "B"})
        area = organisation.areas.first() or area_create(
            organisation=organisation, name="Benchville", code="bench", kind=AreaKind.CITY
        )
        user_ids = make_people(max(sizes))
        if options.profile:
            profile(sizes[0], user_ids, organisation, area, options.cpu_only, pg_data)
            return 0
        runs = []
        for size in sizes:
            log(f"fan-out to {size} subscribers...")
            sink_pids = [process.pid for process in sinks if process.pid]
            result = run(
                size,
                env,
                counts,
                user_ids,
                options.concurrency,
                organisation,
                area,
                sink_pids,
                pg_data,
            )
            runs.append(result)
            print(
                f"{size:>7} recipients: {result['seconds']:7.2f} s, "
                f"{result['emails_per_s']:8.1f} emails/s, peak {result['peak_mb']:.0f} MB "
                f"per worker process, delivered {result['delivered']}, "
                f"duplicates {result['duplicates']}",
                flush=True,
            )
        if options.json:
            print(json.dumps({"runs": runs}))
    finally:
        for cleanup in reversed(cleanups):
            try:
                cleanup()
            except Exception as error:  # keep cleaning up
                log("cleanup:", error)
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
