"""Load and faults: a mixed load on gunicorn + PostgreSQL + Redis + a Celery worker, while
the worker is killed (SIGKILL) and restarted and Redis is restarted; then the database and
an SMTP sink are checked: every acknowledged ballot stored once, every notification
emailed once.

    python benchmarks/load_faults.py [--seconds 90] [--clients 6] [--json]

Everything runs on loopback: a throw-away PostgreSQL (or DATABASE_URL), a redis-server this
script can restart (the broker and the cache), gunicorn, one Celery worker and Celery beat,
and an SMTP sink (aiosmtpd) that counts messages by Message-ID. Client processes mix:

- pages: home, the round page, the consultation list, a dialogue page (anonymous);
- API reads: a dialogue's statements, the consultation list;
- ballot writes: PUT /api/v1/budgets/<id>/ballot/ with X-Session-Token (each voter casts,
  then replaces, again and again);
- replies to statements (each emails the statement's author, who chose email for replies);
- sign-ups through the app API (each queues a confirmation in the email outbox);
- an official opens a dialogue now and then over the API (each emails every subscriber
  of the city area: "voting opens").

Faults, tied to the openings so that they hit work in flight: once the second opening's
emails are arriving, the worker and its pool get SIGKILL (mid-batch) and a new worker
starts a few seconds later; right after the third opening, redis-server is stopped and
started again, empty (the queued tasks are gone, so only the outbox can bring them back).
Redis is also the cache behind the rate limits, so API requests fail while it is down: the
run counts those errors, and the requests slower than a few seconds, per fault window.

After the load the script waits for delivery to finish. Beat runs the outbox relay every
10 seconds, but the relay re-sends work handed over and lost only after two minutes, and
the email outbox's safety net runs every five minutes; so that a short run need not wait,
the drain runs both jobs itself with the clock ahead (the same jobs beat runs, sooner).

Checks: each voter's stored ballot carries the last receipt acknowledged to them (lost),
one ballot and one roll entry per voter (duplicated); every acknowledged reply stored once;
every event delivered; every notification that should be emailed was marked sent and
reached the sink, and the sink got nothing else; every acknowledged sign-up's address got
its confirmation once. Delivery is at-least-once at the SMTP boundary by design: a
message accepted by the server just before the worker was killed, but not yet recorded,
is sent again with the same Message-ID (receivers drop the copy).
Those copies are counted apart ("resent with the same Message-ID"); "exactly once" means
each notification's Message-ID arrived and no notification is missing or unexpected. The
outbox's messages are counted per recipient.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import json
import math
import multiprocessing
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

from _servers import free_port, postgres, wait_for_port
from ballots import django_script, manage

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.notifications.servers import SinkController, Worker, start_redis  # noqa: E402

SETUP = r"""
import json, sys
from datetime import timedelta
from decimal import Decimal
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from budgeting.models import Assessment, Budget, Item, Phase, Round
from civic.accounts.models import Role, User, Verification
from civic.accounts.services.memberships import membership_grant
from civic.notifications.models import AreaSubscription, NotificationPreference
from civic.places.models import AreaKind, Organisation
from civic.places.services.areas import area_create
from participation.services.dialogues import dialogue_create, dialogue_phase_set, statement_add

voters, subscribers, authors, to_open = (int(a) for a in sys.argv[1:5])
now = timezone.now()
day = timedelta(days=1)
city = Organisation.objects.create(name="Bench City", slug="bench")
root = area_create(organisation=city, name="Bench", code="bench", kind=AreaKind.CITY)
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


def people(prefix, count):
    users = User.objects.bulk_create(
        [User(email=f"{prefix}{n}@bench.example", password="!", preferred_language="en")
         for n in range(count)])
    EmailAddress.objects.bulk_create(
        [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users])
    Verification.objects.bulk_create(
        [Verification(user=u, organisation=city, method="census", area=root, birth_year=1980)
         for u in users])
    return users


def token(user):
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return session.session_key


residents = people("voter", voters)
writers = people("author", authors)
AreaSubscription.objects.bulk_create(
    [AreaSubscription(user=u, area=root) for u in residents[:subscribers]])
NotificationPreference.objects.bulk_create(
    [NotificationPreference(user=u, kind="statement.reply", channel="email") for u in writers])
official = User.objects.create_user("official@bench.example", password=None)
EmailAddress.objects.create(user=official, email=official.email, verified=True, primary=True)
membership_grant(user=official, organisation=city, role=Role.OFFICIAL)
TOTP.activate(official, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
main = dialogue_create(actor=official, organisation=city, question="How should the park change?",
                       areas=[])
main = dialogue_phase_set(actor=official, dialogue=main, phase="open")
statements = [
    statement_add(user=u, dialogue=main, text=f"Statement number {n} about the park.").pk
    for n, u in enumerate(writers)]
later = [
    dialogue_create(actor=official, organisation=city, question=f"Question {n} for the city?",
                    areas=[root]).pk
    for n in range(to_open)]
print(json.dumps({"budget": budget.pk, "items": items, "tokens": [token(u) for u in residents],
                  "official": token(official), "dialogue": main.pk, "statements": statements,
                  "to_open": later, "round": round.slug}))
"""

VERIFY = r"""
import json, sys
from collections import Counter
from budgeting.models import Ballot, VoterRoll
from budgeting.services.ballots import voter_key
from budgeting.models import Budget
from civic.accounts.models import User
from civic.notifications.models import DeliveryBatch, EmailState, Event, Notification
from civic.notifications.models import OutboundEmail
from participation.models import StatementReply

given = json.load(open(sys.argv[1]))
budget = Budget.objects.get(pk=given["budget"])
stored = dict(Ballot.objects.filter(budget=budget).values_list("voter_key", "receipt_hash"))
users = dict(User.objects.filter(email__startswith="voter").values_list("email", "pk"))
lost = 0
for email, (last, doubtful) in given["voters"].items():
    user = User(pk=users[email])
    key = voter_key(budget=budget, user=user)
    found = stored.get(key)
    if last is None:
        continue  # never acknowledged: nothing was promised
    if found != last and not (doubtful and found is not None):
        lost += 1
acknowledged = sum(1 for last, _ in given["voters"].values() if last is not None)
ballots = Ballot.objects.filter(budget=budget).count()
roll = VoterRoll.objects.filter(budget=budget).count()
keys = Counter(Ballot.objects.filter(budget=budget).values_list("voter_key", flat=True))
replies = Counter(
    StatementReply.objects.filter(pk__in=given["replies"]).values_list("pk", flat=True))
by_kind = Counter(Event.objects.values_list("kind", flat=True))
should_email = Notification.objects.filter(channel="email")
print(json.dumps({
    "ballots": ballots, "roll": roll, "acknowledged_voters": acknowledged, "lost": lost,
    "duplicated": sum(n - 1 for n in keys.values()) + max(0, roll - ballots),
    "replies_acknowledged": len(given["replies"]),
    "replies_missing": len(set(given["replies"]) - set(replies)),
    "events": dict(by_kind),
    "events_pending": Event.objects.exclude(state=Event.State.DONE).count(),
    "notifications": Notification.objects.count(),
    "email_expected": should_email.count(),
    "email_sent_ids": list(should_email.filter(email_state=EmailState.SENT)
                           .values_list("pk", flat=True)),
    "email_not_sent": should_email.exclude(email_state=EmailState.SENT).count(),
    "batches": DeliveryBatch.objects.count(),
    "batches_undone": DeliveryBatch.objects.exclude(state=DeliveryBatch.State.DONE).count(),
    "batch_attempts": sum(DeliveryBatch.objects.values_list("attempts", flat=True)),
    "outbound_pending": OutboundEmail.objects.exclude(status=OutboundEmail.Status.SENT).count(),
    "outbound_sent": OutboundEmail.objects.filter(status=OutboundEmail.Status.SENT).count(),
    "signups_missing": len(set(given["signups"]) - set(
        User.objects.filter(email__in=given["signups"]).values_list("email", flat=True))),
}))
"""

DRAIN = r"""
import json, sys
from datetime import timedelta
from django.utils import timezone
from civic.notifications.models import DeliveryBatch, EmailState, Event, Notification
from civic.notifications.models import OutboundEmail
from civic.notifications.services.relay import relay_run
from civic.notifications.tasks import email_deliver

# The jobs beat runs, with the clock ahead (see the module's docstring): the relay, and the
# safety net that hands over again queued email whose task was lost.
relay_run(now=timezone.now() + timedelta(minutes=2, seconds=10))
waiting = list(OutboundEmail.objects.filter(status=OutboundEmail.Status.PENDING)
               .values_list("pk", flat=True))
for pk in waiting:
    email_deliver.delay(pk)
print(json.dumps({
    "events": Event.objects.exclude(state=Event.State.DONE).count(),
    "emails": Notification.objects.filter(email_state=EmailState.PENDING).count(),
    "batches": DeliveryBatch.objects.exclude(state=DeliveryBatch.State.DONE).count(),
    "outbound": len(waiting),
}))
"""

SLOW = 3.0  # seconds: requests slower than this are counted by phase of the run

MESSAGE_ID = re.compile(rb"^Message-ID:\s*<([^>]+)>", re.IGNORECASE | re.MULTILINE)

# (kind, weight): what one client iteration does.
MIX = [
    ("page_home", 14),
    ("page_round", 10),
    ("page_consultations", 10),
    ("page_dialogue", 10),
    ("api_statements", 14),
    ("api_consultations", 10),
    ("ballot_write", 24),
    ("reply_write", 8),
    ("signup", 2),  # sign-ups are limited to 20 a minute per address: all clients share one
]


class Sink:
    """Counts every message by its Message-ID."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ids: Counter[str] = Counter()
        self.recipients: Counter[str] = Counter()
        self.other = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        found = MESSAGE_ID.search(bytes(envelope.content))
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.recipients[rcpt.lower()] += 1
            if found:
                self.ids[found.group(1).decode()] += 1
            else:
                self.other += 1
        return "250 Message accepted"

    def total(self) -> int:
        with self.lock:
            return sum(self.ids.values()) + self.other

    def wait_for(self, count: int, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while self.total() < count:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True


def _client(args: dict[str, Any], stop: Any, results: Any) -> None:
    results.put(_client_run(args, stop))


def _client_run(args: dict[str, Any], stop: Any) -> dict[str, Any]:
    rng = random.Random(args["seed"])
    port = args["port"]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    kinds = [kind for kind, _ in MIX]
    weights = [weight for _, weight in MIX]
    latencies: dict[str, list[float]] = {kind: [] for kind in kinds}
    errors: Counter[str] = Counter()
    error_times: list[float] = []
    slow: list[float] = []  # when requests that took over SLOW seconds started
    # Per voter: the last receipt hash acknowledged, and whether a later attempt is in doubt.
    voters: dict[str, list[Any]] = {email: [None, False] for email, _ in args["voters"]}
    replies: list[int] = []
    signups: list[str] = []  # addresses whose sign-up was acknowledged (a mail is due)
    picks = [[0, 3], [1, 2, 5], [4, 6], [0, 7, 8]]
    ballot_turn = 0
    voter_list = args["voters"]
    repliers = args["repliers"]
    dialogue, round_slug, budget = args["dialogue"], args["round"], args["budget"]
    items = args["items"]
    while not stop.is_set():
        kind = rng.choices(kinds, weights)[0]
        headers = {"Host": "127.0.0.1"}
        body: str | None = None
        method = "GET"
        email = ""
        if kind == "page_home":
            path = "/"
        elif kind == "page_round":
            path = f"/budgeting/{round_slug}/"
        elif kind == "page_consultations":
            path = "/consultations/"
        elif kind == "page_dialogue":
            path = f"/dialogues/{dialogue}/"
        elif kind == "api_statements":
            path = f"/api/v1/dialogues/{dialogue}/statements/"
        elif kind == "api_consultations":
            path = "/api/v1/consultations/"
        elif kind == "ballot_write":
            email, token = voter_list[ballot_turn % len(voter_list)]
            choice = picks[(ballot_turn // len(voter_list) + ballot_turn) % len(picks)]
            ballot_turn += 1
            method, path = "PUT", f"/api/v1/budgets/{budget}/ballot/"
            body = json.dumps({"choices": [{"item": items[i]} for i in choice]})
            headers |= {"X-Session-Token": token, "Content-Type": "application/json"}
        elif kind == "signup":
            email = f"new{args['seed']}-{len(signups)}-{rng.randrange(10**9)}@bench.example"
            method, path = "POST", "/_allauth/app/v1/auth/signup"
            body = json.dumps(
                {
                    "email": email,
                    "password": "a long bench password 42",
                    "preferred_language": "en",
                }
            )
            headers |= {"Content-Type": "application/json"}
        else:
            token = rng.choice(repliers)
            statement = rng.choice(args["statements"])
            method, path = "POST", f"/api/v1/dialogues/statements/{statement}/replies/"
            body = json.dumps(
                {
                    "stance": rng.choice(["for", "against", "neutral"]),
                    "body": f"A reply from the load run ({rng.random():.6f}).",
                }
            )
            headers |= {"X-Session-Token": token, "Content-Type": "application/json"}
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            payload = response.read()
        except (http.client.HTTPException, OSError):
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            errors[kind] += 1
            error_times.append(time.time())
            if kind == "ballot_write":
                voters[email][1] = True  # it may have been stored without an answer
            continue
        latencies[kind].append(time.perf_counter() - started)
        if latencies[kind][-1] > SLOW:
            slow.append(time.time() - latencies[kind][-1])
        if kind == "signup" and response.status == 401:
            signups.append(email)  # signed up; the address waits for confirmation
            continue
        if response.status not in (200, 201):
            errors[kind] += 1
            error_times.append(time.time())
            if kind == "ballot_write" and response.status >= 500:
                voters[email][1] = True
            continue
        if kind == "ballot_write":
            code = json.loads(payload)["receipt"]
            digest = hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()
            voters[email] = [digest, False]
        elif kind == "reply_write":
            replies.append(int(json.loads(payload)["id"]))
        elif kind == "signup":
            signups.append(email)
    connection.close()
    return {
        "latencies": latencies,
        "errors": dict(errors),
        "error_times": error_times,
        "slow": slow,
        "voters": voters,
        "replies": replies,
        "signups": signups,
    }


def summarise(samples: list[float], seconds: float, errors: int) -> dict[str, Any]:
    ordered = sorted(samples)
    return {
        "requests": len(ordered),
        "per_s": round(len(ordered) / seconds, 1) if seconds else 0.0,
        "p50_ms": round(1000 * statistics.median(ordered), 1) if ordered else 0.0,
        "p99_ms": round(1000 * ordered[math.ceil(0.99 * len(ordered)) - 1], 1) if ordered else 0.0,
        "errors": errors,
    }


class Redis:
    """redis-server on one port, stopped and started again by the run."""

    def __init__(self) -> None:
        self.port = free_port()
        self.workdir = tempfile.mkdtemp(prefix="civic-bench-redis-")
        self.process = start_redis(self.port, self.workdir)
        self.url = f"redis://127.0.0.1:{self.port}/0"

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def start(self) -> None:
        self.process = start_redis(self.port, self.workdir)

    def close(self) -> None:
        self.stop()
        shutil.rmtree(self.workdir, ignore_errors=True)


def official_open(port: int, token: str, dialogue: int) -> tuple[float, bool]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    started = time.perf_counter()
    try:
        connection.request(
            "POST",
            f"/api/v1/dialogues/{dialogue}/phase/",
            body=json.dumps({"phase": "open"}),
            headers={
                "Host": "127.0.0.1",
                "X-Session-Token": token,
                "Content-Type": "application/json",
            },
        )
        response = connection.getresponse()
        response.read()
        ok = response.status == 200
    except (http.client.HTTPException, OSError):
        ok = False
    finally:
        connection.close()
    return time.perf_counter() - started, ok


def warm_up(port: int, paths: list[str], rounds: int) -> None:
    """Every gunicorn worker renders each page once before the clock starts."""
    from concurrent.futures import ThreadPoolExecutor

    def get(path: str) -> None:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            connection.getresponse().read()
        finally:
            connection.close()

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(get, paths * rounds))


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=90.0, help="length of the load")
    parser.add_argument("--clients", type=int, default=6, help="client processes")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes")
    parser.add_argument("--voters", type=int, default=600)
    parser.add_argument("--subscribers", type=int, default=300)
    parser.add_argument("--authors", type=int, default=40)
    parser.add_argument("--openings", type=int, default=4, help="dialogues opened in the run")
    parser.add_argument("--drain", type=float, default=240.0, help="seconds to wait at most")
    parser.add_argument("--json", action="store_true")
    options = parser.parse_args()
    if options.openings < 3:
        parser.error("--openings must be 3 or more: the faults follow the 2nd and 3rd")

    schedule = tempfile.mkdtemp(prefix="civic-bench-beat-")
    redis = Redis()
    sink = Sink()
    smtp = SinkController(sink, free_port())
    smtp.start()
    workers: list[Worker] = []
    beat: subprocess.Popen[bytes] | None = None
    server: subprocess.Popen[bytes] | None = None
    faults: list[str] = []
    try:
        with postgres() as database_url:
            env = {
                **os.environ,
                "DATABASE_URL": database_url,
                "REDIS_URL": redis.url,
                # Plain static files storage (no collectstatic needed); otherwise as deployed.
                "CIVIC_ENV": "test",
                "DEBUG": "false",
                "CELERY_TASK_ALWAYS_EAGER": "false",
                "EMAIL_URL": f"smtp://127.0.0.1:{smtp.port}",
                "SITE_URL": "http://127.0.0.1",
                "ALLOWED_HOSTS": "127.0.0.1,localhost",
                "PYTHONPATH": str(ROOT),
                "CONN_MAX_AGE": "60",
                "LOG_LEVEL": "ERROR",
                "THROTTLE_USER": "100000000/min",
                "THROTTLE_WRITES": "100000000/min",
                "THROTTLE_ANON": "100000000/min",
                "NOTIFICATIONS_BATCH_SIZE": "100",
                "NOTIFICATIONS_LEASE_SECONDS": "20",
            }
            log("migrating and creating the city...")
            manage(env, "migrate", "--noinput")
            setup = django_script(
                env,
                SETUP,
                str(options.voters),
                str(options.subscribers),
                str(options.authors),
                str(options.openings),
            )
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
                    os.path.join(schedule, "gunicorn.log"),
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
            )
            workers.append(Worker(env, concurrency=2))
            beat = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "civic",
                    "beat",
                    "--loglevel",
                    "WARNING",
                    "-s",
                    os.path.join(schedule, "beat-schedule"),
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            wait_for_port(port)
            voters = [(f"voter{n}@bench.example", t) for n, t in enumerate(setup["tokens"])]
            shares = [
                {
                    "seed": index,
                    "port": port,
                    "voters": voters[index :: options.clients],
                    "repliers": setup["tokens"],
                    "statements": setup["statements"],
                    "dialogue": setup["dialogue"],
                    "round": setup["round"],
                    "budget": setup["budget"],
                    "items": setup["items"],
                }
                for index in range(options.clients)
            ]
            log("warming up...")
            warm_up(
                port,
                [
                    "/",
                    f"/budgeting/{setup['round']}/",
                    "/consultations/",
                    f"/dialogues/{setup['dialogue']}/",
                    f"/api/v1/dialogues/{setup['dialogue']}/statements/",
                    "/api/v1/consultations/",
                ],
                4 * options.workers,
            )
            log(f"load for {options.seconds:.0f} s from {options.clients} client processes...")
            stop = multiprocessing.Event()
            results: Any = multiprocessing.Queue()
            clients = [
                multiprocessing.Process(target=_client, args=(share, stop, results))
                for share in shares
            ]
            start = time.time()
            for client in clients:
                client.start()
            # The timeline: the official opens dialogues at even intervals. Right after the
            # second opening, once its emails are flowing, the worker is killed (SIGKILL,
            # mid-batch) and a new one starts ``gap`` later; right after the third opening
            # (its tasks just queued) Redis stops, and starts again, empty, ``gap`` later.
            length = options.seconds
            gap = max(5.0, 0.1 * length)
            official: list[float] = []
            official_errors = 0
            outage: list[float] = []
            worker_down: list[float] = []

            def fault(message: str) -> None:
                faults.append(f"{time.time() - start:5.1f}s {message}")
                log(faults[-1])

            for n, dialogue in enumerate(setup["to_open"]):
                time.sleep(
                    max(0.0, start + length * (n + 1) / (options.openings + 1) - time.time())
                )
                before = sink.total()
                seconds, ok = official_open(port, setup["official"], dialogue)
                official.append(seconds)
                official_errors += 0 if ok else 1
                log(
                    f"{time.time() - start:5.1f}s official opens dialogue {dialogue}: "
                    f"{'ok' if ok else 'FAILED'}"
                )
                if n == 1:
                    flowing = sink.wait_for(before + max(1, options.subscribers // 10), 60.0)
                    worker_down.append(time.time())
                    workers[-1].kill()
                    fault(
                        f"worker SIGKILL ({sink.total() - before} of this opening's emails "
                        f"received{'' if flowing else ', waited 60 s for more'})"
                    )
                    time.sleep(gap)
                    workers.append(Worker(env, concurrency=2))
                    worker_down.append(time.time())
                    fault("new worker ready")
                elif n == 2:
                    redis.stop()
                    outage.append(time.time())
                    fault("redis stopped")
                    time.sleep(gap)
                    redis.start()
                    outage.append(time.time())
                    fault("redis started (empty)")
            previous = time.time() - start
            # Keep the load on for a while after the last fault, and for the whole length.
            time.sleep(max(0.0, start + max(length, previous + gap) - time.time()))
            stop.set()
            parts = [results.get(timeout=120) for _ in clients]
            for client in clients:
                client.join(timeout=30)
            elapsed = time.time() - start

            log("load done; waiting for delivery...")
            drain_started = time.time()
            left: dict[str, int] = {}
            while time.time() - drain_started < options.drain:
                left = django_script(env, DRAIN)
                if not any(left.values()):
                    break
                time.sleep(3)
            drain_seconds = time.time() - drain_started
            time.sleep(3)  # a copy still in flight arrives now or never

            voters_state: dict[str, Any] = {}
            replies: list[int] = []
            signups: list[str] = []
            for part in parts:
                voters_state.update(part["voters"])
                replies.extend(part["replies"])
                signups.extend(part["signups"])
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
                json.dump(
                    {
                        "budget": setup["budget"],
                        "voters": voters_state,
                        "replies": replies,
                        "signups": signups,
                    },
                    handle,
                )
            try:
                check = django_script(env, VERIFY, handle.name)
            finally:
                os.unlink(handle.name)
    finally:
        for worker in workers:
            worker.stop()
        for process in (beat, server):
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait(timeout=30)
        smtp.stop()
        redis.close()
        shutil.rmtree(schedule, ignore_errors=True)

    kinds: dict[str, dict[str, Any]] = {}
    for kind, _weight in MIX:
        samples = [x for part in parts for x in part["latencies"][kind]]
        errors = sum(part["errors"].get(kind, 0) for part in parts)
        kinds[kind] = summarise(samples, elapsed, errors)
    kinds["official_open"] = summarise(official, elapsed, official_errors)
    error_times = [t for part in parts for t in part["error_times"]]
    in_outage = sum(1 for t in error_times if outage[0] <= t <= outage[-1] + 2.0)
    slow = [t for part in parts for t in part["slow"]]
    slow_redis = sum(1 for t in slow if outage[0] - 1.0 <= t <= outage[-1] + 2.0)
    slow_worker = sum(1 for t in slow if worker_down[0] - 1.0 <= t <= worker_down[-1] + 2.0)
    total = sum(k["requests"] for k in kinds.values())
    sent_ids = {f"n-{pk}@127.0.0.1" for pk in check.pop("email_sent_ids")}
    # Notification email carries Message-ID n-<notification id>; other mail (sign-up
    # confirmations from the outbox) is told apart by its recipients.
    received = Counter({mid: n for mid, n in sink.ids.items() if mid.startswith("n-")})
    missing = len(sent_ids - set(received))
    unexpected = len(set(received) - sent_ids) + sink.other
    resent = sum(n - 1 for mid, n in received.items() if mid in sent_ids and n > 1)
    emails = {
        "expected": check["email_expected"],
        "marked_sent": len(sent_ids),
        "not_sent": check["email_not_sent"],
        "received_distinct": len(set(received) & sent_ids),
        "missing": missing,
        "unexpected": unexpected,
        "resent_same_message_id": resent,
    }
    to_new = {address: sink.recipients.get(address.lower(), 0) for address in signups}
    outbound = {
        "signups": len(signups),
        "accounts_missing": check["signups_missing"],
        "queued_sent": check["outbound_sent"],
        "not_sent": check["outbound_pending"],
        "missing": sum(1 for n in to_new.values() if n == 0),
        "copies": sum(n - 1 for n in to_new.values() if n > 1),
    }
    outbound_ok = (
        outbound["signups"] > 0  # otherwise the outbox was not exercised
        and outbound["accounts_missing"] == 0
        and outbound["not_sent"] == 0
        and outbound["missing"] == 0
        and outbound["copies"] == 0
    )
    ballots_ok = check["lost"] == 0 and check["duplicated"] == 0
    replies_ok = check["replies_missing"] == 0
    emails_ok = (
        missing == 0
        and unexpected == 0
        and check["email_not_sent"] == 0
        and check["events_pending"] == 0
        and len(sent_ids) == check["email_expected"]
    )

    print(
        f"load {elapsed:.0f} s from {options.clients} client processes; gunicorn "
        f"{options.workers} x 4 threads; Celery worker (2 processes) + beat; PostgreSQL, "
        f"Redis and an SMTP sink on loopback; {os.cpu_count()} CPUs shared with other work"
    )
    print("faults: " + "; ".join(faults))
    print(f"{'kind':20} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'requests':>9} {'errors':>7}")
    for kind, figures in kinds.items():
        print(
            f"{kind:20} {figures['per_s']:8.1f} {figures['p50_ms']:8.1f} "
            f"{figures['p99_ms']:8.1f} {figures['requests']:9d} {figures['errors']:7d}"
        )
    print(f"{'all':20} {total / elapsed:8.1f}")
    print(
        f"errors: {len(error_times)} client requests failed, {in_outage} of them while Redis "
        "was down (it is also the cache behind the rate limits)"
    )
    print(
        f"slow: {len(slow)} requests took over {SLOW:.0f} s; {slow_redis} of them started while "
        f"Redis was down, {slow_worker} while the worker was down or starting"
    )
    print(
        f"ballots: {check['ballots']} stored for {check['acknowledged_voters']} voters with an "
        f"acknowledged ballot; lost {check['lost']}, duplicated {check['duplicated']} "
        f"-> {'OK' if ballots_ok else 'FAIL'}"
    )
    print(
        f"replies: {check['replies_acknowledged']} acknowledged, missing "
        f"{check['replies_missing']} -> {'OK' if replies_ok else 'FAIL'}"
    )
    print(
        f"events: {sum(check['events'].values())} ({', '.join(f'{k} {v}' for k, v in sorted(check['events'].items()))}); "  # noqa: E501
        f"not delivered {check['events_pending']}; notifications {check['notifications']}"
    )
    print(
        f"emails: {emails['expected']} due, {emails['marked_sent']} marked sent, "
        f"{emails['received_distinct']} distinct received; missing {missing}, unexpected "
        f"{unexpected}, resent with the same Message-ID {resent} "
        f"(drain {drain_seconds:.0f} s, {check['batches']} batches, "
        f"{check['batch_attempts']} attempts) -> {'OK' if emails_ok else 'FAIL'}"
    )
    print(
        f"sign-up confirmations (the email outbox): {outbound['signups']} sign-ups "
        f"acknowledged, {outbound['queued_sent']} messages sent; missing "
        f"{outbound['missing']}, copies {outbound['copies']}, accounts missing "
        f"{outbound['accounts_missing']} -> {'OK' if outbound_ok else 'FAIL'}"
    )
    if left and any(left.values()):
        print(f"still waiting after the drain: {left}")
    if options.json:
        print(
            json.dumps(
                {
                    "seconds": round(elapsed, 1),
                    "per_s": round(total / elapsed, 1),
                    "kinds": kinds,
                    "faults": faults,
                    "errors_while_redis_down": in_outage,
                    "slow_requests": {
                        "over_s": SLOW,
                        "all": len(slow),
                        "redis_down": slow_redis,
                        "worker_down": slow_worker,
                    },
                    "ballots": {
                        key: check[key]
                        for key in ("ballots", "acknowledged_voters", "lost", "duplicated")
                    },
                    "replies": {
                        "acknowledged": check["replies_acknowledged"],
                        "missing": check["replies_missing"],
                    },
                    "events": check["events"],
                    "events_pending": check["events_pending"],
                    "emails": emails,
                    "outbox": outbound,
                    "drain_s": round(drain_seconds, 1),
                    "ok": ballots_ok and replies_ok and emails_ok and outbound_ok,
                }
            )
        )
    return 0 if ballots_ok and replies_ok and emails_ok and outbound_ok else 1


if __name__ == "__main__":
    sys.exit(main())
