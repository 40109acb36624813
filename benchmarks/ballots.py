"""Ballot submissions per second against gunicorn + PostgreSQL, compared with a trivial
JSON endpoint of the same deployment, and a check that no ballot is lost or doubled.

    python benchmarks/ballots.py [--voters 1500] [--clients 12] [--json]

It starts a throw-away PostgreSQL (or uses DATABASE_URL), migrates, creates a round in
the voting phase with verified voters and their API session tokens, serves the project
with gunicorn on loopback, and drives it from client processes on the same machine. Each
voter casts a ballot and then replaces it; afterwards the database must hold exactly one
ballot per voter whose request was acknowledged, each with the last receipt it got.

Twelve closed-loop clients by default: on two cores eight already keep the server busy and
sixteen give no more throughput, only a longer queue (p99 about 170 ms); the README lists
the figures at 8, 12 and 16.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _servers import free_port, postgres, wait_for_port

TICKS = os.sysconf("SC_CLK_TCK")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SETUP = r"""
import json, sys
from datetime import timedelta
from decimal import Decimal
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from allauth.account.models import EmailAddress
from budgeting.models import Assessment, Budget, Item, Phase, Round
from civic.accounts.models import User, Verification
from civic.places.models import AreaKind, Organisation
from civic.places.services.areas import area_create

voters = int(sys.argv[1])
now = timezone.now()
city = Organisation.objects.create(name="Bench City", slug="bench")
root = area_create(organisation=city, name="Bench", code="bench", kind=AreaKind.CITY)
day = timedelta(days=1)
round = Round.objects.create(
    organisation=city, title="Bench round", slug="bench", total_budget=1_000_000,
    phase=Phase.VOTING, proposals_open=now - 40 * day, proposals_close=now - 30 * day,
    assessment_open=now - 30 * day, assessment_close=now - 20 * day,
    voting_open=now - day, voting_close=now + 10 * day)
budget = Budget.objects.create(round=round, area=root, name="All", amount=1_000_000,
                               ballot_type="knapsack")
items = []
for n in range(12):
    item = Item.objects.create(round=round, budget=budget, title=f"Proposal {n}",
                               description="A proposal for the benchmark.",
                               estimated_cost=Decimal(50_000 + 10_000 * n), on_ballot=True)
    Assessment.objects.create(item=item, feasibility="feasible", cost_estimate=item.estimated_cost)
    items.append(item.pk)
users = User.objects.bulk_create(
    [User(email=f"voter{n}@bench.example", password="!") for n in range(voters)])
EmailAddress.objects.bulk_create(
    [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users])
Verification.objects.bulk_create(
    [Verification(user=u, organisation=city, method="census", area=root, birth_year=1980)
     for u in users])
tokens = []
for user in users:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    tokens.append(session.session_key)
print(json.dumps({"budget": budget.pk, "items": items, "tokens": tokens}))
"""

VERIFY = r"""
import json, sys
from budgeting.models import Ballot, VoterRoll
acknowledged = json.load(open(sys.argv[1]))
stored = set(Ballot.objects.values_list("receipt_hash", flat=True))
ballots = Ballot.objects.count()
roll = VoterRoll.objects.count()
lost = sum(1 for receipt_hash in acknowledged if receipt_hash not in stored)
print(json.dumps({"ballots": ballots, "roll": roll, "lost": lost,
                  "duplicated": max(0, ballots - len(acknowledged)) + max(0, roll - ballots)}))
"""


def manage(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    return result.stdout


def django_script(env: dict[str, str], code: str, *args: str) -> Any:
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as script:
        script.write(
            "import django, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            "'civic.settings')\ndjango.setup()\n" + code
        )
    try:
        result = subprocess.run(
            [sys.executable, script.name, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        os.unlink(script.name)
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


def _stat(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat") as handle:
            return handle.read().rsplit(")", 1)[1].split()
    except OSError:
        return None


def _children(parent: int) -> list[int]:
    pids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields is not None and int(fields[1]) == parent:
                pids.append(int(entry))
    return pids


def cpu_by_process(root: int | None) -> dict[int, float]:
    """User and system CPU seconds of ``root`` and its children (Linux /proc)."""
    times: dict[int, float] = {}
    if root is None:
        return times
    for pid in [root, *_children(root)]:
        fields = _stat(pid)
        if fields is not None:
            times[pid] = (int(fields[11]) + int(fields[12])) / TICKS
    return times


def cpu_spent(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two snapshots; a process born in between counts whole."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


def database_server(database_url: str) -> int | None:
    """PostgreSQL's server process, when it runs on this machine (its backends are its
    children); None for a server elsewhere, whose CPU is not ours to count."""
    import psycopg

    with psycopg.connect(database_url) as connection:
        backend = connection.execute("SELECT pg_backend_pid()").fetchone()
        fields = _stat(int(backend[0])) if backend else None  # while the backend lives
    return int(fields[1]) if fields is not None else None


def _client(args: tuple[int, str, list[str], list[list[int]], str]) -> dict[str, Any]:
    port, mode, tokens, picks, budget = args
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    latencies: list[float] = []
    receipts: dict[str, str] = {}
    errors = 0
    began = time.time()
    cpu_began = time.process_time()
    for index, token in enumerate(tokens):
        rounds = picks if mode == "ballot" else [[]]
        for choice in rounds:
            if mode == "ballot":
                body = json.dumps({"choices": [{"item": item} for item in choice]})
                path, method = f"/api/v1/budgets/{budget}/ballot/", "PUT"
            else:
                body, path, method = "", "/healthz", "GET"
            headers = {
                "X-Session-Token": token,
                "Content-Type": "application/json",
                "Host": "127.0.0.1",
            }
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body or None, headers=headers)
                response = connection.getresponse()
                payload = response.read()
            except (http.client.HTTPException, OSError):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                errors += 1
                continue
            latencies.append(time.perf_counter() - started)
            if response.status != 200:
                errors += 1
            elif mode == "ballot":
                receipts[token] = json.loads(payload)["receipt"]
        del index
    connection.close()
    return {
        "latencies": latencies,
        "receipts": receipts,
        "errors": errors,
        "began": began,
        "ended": time.time(),
        "cpu": time.process_time() - cpu_began,
    }


def drive(
    port: int,
    mode: str,
    tokens: list[str],
    items: list[int],
    budget: int,
    clients: int,
    watched: dict[str, int | None] | None = None,
) -> dict[str, Any]:
    picks = [[items[0], items[3]], [items[1], items[2], items[5]]]  # cast, then replace
    shares = [tokens[i::clients] for i in range(clients)]
    watched = watched or {}
    with multiprocessing.Pool(clients) as pool:
        before = {name: cpu_by_process(root) for name, root in watched.items()}
        parts = pool.map(_client, [(port, mode, share, picks, str(budget)) for share in shares])
        cpu = {
            name: cpu_spent(before[name], cpu_by_process(root)) for name, root in watched.items()
        }
    cpu["clients"] = sum(part["cpu"] for part in parts)
    # From the first request sent to the last answer received (not the pool's start-up).
    elapsed = max(part["ended"] for part in parts) - min(part["began"] for part in parts)
    receipts: dict[str, str] = {}
    for part in parts:
        receipts.update(part["receipts"])
    return {
        "latencies": [x for part in parts for x in part["latencies"]],
        "seconds": elapsed,
        "errors": sum(part["errors"] for part in parts),
        "receipts": receipts,
        "cpu": cpu,
    }


def summarise(runs: list[dict[str, Any]]) -> dict[str, Any]:
    latencies = sorted(x for run in runs for x in run["latencies"])
    seconds = sum(run["seconds"] for run in runs)
    receipts: dict[str, str] = {}
    for run in runs:
        receipts.update(run["receipts"])
    return {
        "requests": len(latencies),
        "seconds": seconds,
        "per_s": len(latencies) / seconds if seconds else 0.0,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else 0.0,
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))] if latencies else 0.0,
        "errors": sum(run["errors"] for run in runs),
        "receipts": receipts,
        # CPU milliseconds per request, by process group: what a request costs the machine
        # whatever else runs on it.
        "cpu_ms": {
            name: 1000 * sum(run["cpu"][name] for run in runs) / max(1, len(latencies))
            for name in runs[0]["cpu"]
        },
    }


def interleaved(
    port: int,
    tokens: list[str],
    items: list[int],
    budget: int,
    clients: int,
    slices: int,
    watched: dict[str, int | None],
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Trivial requests and ballots in alternating slices of the voters, so that a change
    in what else the machine is doing weighs on both sides of the ratio alike."""
    trivial_runs, ballot_runs = [], []
    for index in range(slices):
        share = tokens[index::slices]
        trivial_runs.append(drive(port, "trivial", share, items, budget, clients, watched))
        ballot_runs.append(drive(port, "ballot", share, items, budget, clients, watched))
    return summarise(trivial_runs), summarise(ballot_runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voters", type=int, default=1500)
    parser.add_argument("--clients", type=int, default=12)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--slices", type=int, default=5, help="alternating measurement slices")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    with postgres() as database_url:
        env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "CIVIC_ENV": "production",
            "SECRET_KEY": "benchmark-" + "k" * 40,
            "CENSUS_HASH_KEY": "bench",
            "BALLOT_KEY": "bench",
            "RESPONSE_KEY": "bench",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "PYTHONPATH": str(ROOT),
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
            "THROTTLE_USER": "100000000/min",
            "THROTTLE_WRITES": "100000000/min",
            "THROTTLE_ANON": "100000000/min",
            "CELERY_TASK_ALWAYS_EAGER": "true",
        }
        env.pop("REDIS_URL", None)
        manage(env, "migrate", "--noinput")
        setup = django_script(env, SETUP, str(options.voters))
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "civic.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                str(options.workers),
                "-k",
                "gthread",
                "--threads",
                "4",
                "--access-logfile",
                "/dev/null",
                "--error-logfile",
                "-",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            wait_for_port(port)
            tokens = setup["tokens"]
            drive(
                port, "trivial", tokens[:200], setup["items"], setup["budget"], options.clients
            )  # warm-up
            watched = {"gunicorn": server.pid, "postgresql": database_server(database_url)}
            load_before = os.getloadavg()
            trivial, ballots = interleaved(
                port,
                tokens,
                setup["items"],
                setup["budget"],
                options.clients,
                options.slices,
                watched,
            )
            load_after = os.getloadavg()
        finally:
            server.terminate()
            server.wait(timeout=30)
        import hashlib

        acknowledged = [
            hashlib.sha256(code.replace("-", "").encode()).hexdigest()
            for code in ballots["receipts"].values()
        ]
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump(acknowledged, handle)
        try:
            check = django_script(env, VERIFY, handle.name)
        finally:
            os.unlink(handle.name)
    ratio = ballots["per_s"] / trivial["per_s"] if trivial["per_s"] else 0.0
    print(
        f"voters: {options.voters}, client processes: {options.clients}, "
        f"gunicorn workers: {options.workers} x 4 threads, PostgreSQL on loopback, "
        f"{options.slices} alternating slices"
    )
    print(
        f"trivial JSON endpoint: {trivial['per_s']:8.1f} req/s  "
        f"p50 {trivial['p50_ms']:6.1f} ms  p99 {trivial['p99_ms']:6.1f} ms  "
        f"errors {trivial['errors']}"
    )
    print(
        f"ballot submissions:    {ballots['per_s']:8.1f} req/s  "
        f"p50 {ballots['p50_ms']:6.1f} ms  p99 {ballots['p99_ms']:6.1f} ms  "
        f"errors {ballots['errors']}  (each voter casts, then replaces)"
    )
    print(f"ratio ballots/trivial: {ratio:.2f} (target >= 0.5); p99 target < 150 ms")
    for name, figures in (("trivial", trivial), ("ballot", ballots)):
        parts = ", ".join(f"{group} {ms:.2f}" for group, ms in figures["cpu_ms"].items())
        print(f"CPU per {name} request: {sum(figures['cpu_ms'].values()):.2f} ms ({parts})")
    cpu_ratio = sum(trivial["cpu_ms"].values()) / max(1e-9, sum(ballots["cpu_ms"].values()))
    print(
        f"CPU ratio trivial/ballot: {cpu_ratio:.2f} (what the throughput ratio tends to when "
        "the machine is the limit)"
    )
    print(
        "load average (1, 5, 15 min) before: "
        + " ".join(f"{x:.2f}" for x in load_before)
        + ", after: "
        + " ".join(f"{x:.2f}" for x in load_after)
        + f" on {os.cpu_count()} CPUs"
    )
    print(
        f"stored ballots: {check['ballots']} for {len(acknowledged)} acknowledged voters; "
        f"lost {check['lost']}, duplicated {check['duplicated']}"
    )
    if options.json:
        print(
            json.dumps(
                {
                    "ballots_per_s": round(ballots["per_s"], 1),
                    "trivial_per_s": round(trivial["per_s"], 1),
                    "ratio": round(ratio, 3),
                    "p50_ms": round(ballots["p50_ms"], 1),
                    "p99_ms": round(ballots["p99_ms"], 1),
                    "lost": check["lost"],
                    "duplicated": check["duplicated"],
                }
            )
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
