"""Casting, replacing and recording secret ballots, online, at a desk, and on paper."""

from __future__ import annotations

import enum
import functools
import hashlib
import hmac
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ParamSpec, TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from budgeting.models import (
    Ballot,
    BallotChoice,
    Budget,
    Channel,
    Item,
    PaperBatch,
    PaperCount,
    Phase,
    VoterRoll,
)
from budgeting.selectors.ballots import ballot_items
from budgeting.selectors.cast_reads import VoterFacts, cast_facts, roll_entry_locked
from budgeting.selectors.eligibility import Eligibility, age_band, voting_eligibility
from budgeting.services.ballot_statements import (
    ballot_insert,
    ballot_replace,
    cast_insert,
    choices_insert,
    roll_insert,
)
from budgeting.services.ballot_validation import ChoiceInput, ballot_validate
from civic.accounts.models import User
from civic.audit.services import audit_record
from civic.errors import Conflict, DomainError, PermissionDenied

P = ParamSpec("P")
R = TypeVar("R")

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class NotRead(enum.Enum):
    NOT_READ = "not read"


NOT_READ = NotRead.NOT_READ


@dataclass(frozen=True)
class Receipt:
    """Given to the voter once; only its hash is stored, next to the anonymous ballot."""

    code: str
    budget_id: int
    replaced: bool
    channel: str


def voter_key(*, budget: Budget, user: User) -> str:
    """The only link from a voter to their ballot: an HMAC whose key is not in the
    database, so the tables alone cannot tell who voted for what."""
    message = f"{budget.pk}:{user.pk}".encode()
    return hmac.new(settings.BALLOT_KEY.encode(), message, hashlib.sha256).hexdigest()


def receipt_hash(code: str) -> str:
    return hashlib.sha256(code.strip().upper().replace("-", "").encode()).hexdigest()


def _new_receipt_code() -> str:
    # One read of the system's randomness instead of twelve: with 32 letters, a random
    # byte modulo 32 picks each letter with the same chance (256 = 8 x 32).
    if 256 % len(RECEIPT_ALPHABET):
        raise RuntimeError("The receipt alphabet must divide 256.")
    raw = "".join(
        RECEIPT_ALPHABET[byte % len(RECEIPT_ALPHABET)] for byte in secrets.token_bytes(12)
    )
    return "-".join(raw[i : i + 4] for i in range(0, 12, 4))


def voting_open_check(budget: Budget) -> None:
    round_ = budget.round
    if round_.phase != Phase.VOTING or timezone.now() >= round_.voting_close:
        raise DomainError(
            _("Voting is not open in this round."), field="round", code="voting_closed"
        )


def _once_more_on_race(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` in a transaction, and once more if a unique constraint refused its
    write: two first submissions of one voter race to create their roll row, the loser
    waits for the winner's commit, fails, and its second run finds (and locks) the row.
    Cheaper than a savepoint around every insert on the hot path of a vote."""

    @functools.wraps(function)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            with transaction.atomic():
                return function(*args, **kwargs)
        except IntegrityError:
            with transaction.atomic():
                return function(*args, **kwargs)

    return run


def _roll_entry(
    *,
    budget: Budget,
    user: User,
    channel: str,
    exclusive: bool,
    recorded_by: User | None,
    area_id: int | None,
    band: str,
    insert: bool = True,
    locked: tuple[int, str] | NotRead | None = NOT_READ,
) -> tuple[str, VoterRoll | None]:
    """The channel of the voter's roll row in this budget, locked, and the row if this
    call created it (with ``insert=False``: the new row, for the caller to insert). The
    roll's unique constraints are the last line of defence (see _once_more_on_race).
    ``locked``: the row as the caller already read and locked it."""
    existing = roll_entry_locked(budget=budget, user=user) if locked is NOT_READ else locked
    if existing is not None:
        return existing[1], None
    if (
        exclusive
        and VoterRoll.objects.filter(round_id=budget.round_id, user=user, exclusive=True).exists()
    ):
        raise Conflict(
            _(
                "You have already voted in another budget of this round; you may "
                "vote in one budget only."
            ),
            field="budget",
        )
    entry = VoterRoll(
        round_id=budget.round_id,
        budget=budget,
        user=user,
        channel=channel,
        exclusive=exclusive,
        recorded_by=recorded_by,
        area_id_snapshot=area_id,
        age_band=band,
    )
    return channel, roll_insert(entry) if insert else entry


def _eligibility_for(*, voter: User, budget: Budget, facts: VoterFacts) -> Eligibility:
    """Eligibility for this one budget, refused with the reason the voter should read."""
    eligibility = voting_eligibility(user=voter, round=budget.round, budgets=[budget], facts=facts)
    if eligibility.allows(budget):
        return eligibility
    if eligibility.code == "wrong_area":
        raise PermissionDenied(
            _("You cannot vote in this budget: %(name)s is not your area's budget.")
            % {"name": budget.name},
            field="budget",
            code="wrong_area",
        )
    raise PermissionDenied(eligibility.reason, code="not_eligible")


@_once_more_on_race
def ballot_cast(
    *,
    voter: User,
    budget: Budget,
    choices: Sequence[ChoiceInput],
    channel: str = Channel.WEB,
    recorded_by: User | None = None,
) -> Receipt:
    """Cast or replace ``voter``'s ballot in ``budget``.

    Parallel submissions by one voter serialise on their voter-roll row; the unique
    (budget, voter_key) constraint is the last line of defence. A ballot recorded at a
    desk or marked as cast on paper cannot be replaced online. Pass a budget loaded with
    ``budget_for_ballot`` to spare the queries for its round, organisation and area.
    """
    voting_open_check(budget)
    if channel == Channel.DESK and recorded_by is None:
        raise PermissionDenied(_("A desk ballot needs the official who records it."))
    # The voter's facts, the ballot's costs and the voter's roll row (locked) at once.
    facts = cast_facts(user=voter, budget=budget)
    eligibility = _eligibility_for(voter=voter, budget=budget, facts=facts.voter)
    valid = ballot_validate(budget=budget, items=facts.costs, choices=choices)
    verification = eligibility.verification
    age = budget.round.voting_close.year - verification.birth_year if verification else None
    roll_channel, new_entry = _roll_entry(
        budget=budget,
        user=voter,
        channel=channel,
        exclusive=eligibility.exclusive,
        recorded_by=recorded_by,
        area_id=verification.area_id if verification else None,
        band=age_band(age),
        insert=False,  # with the ballot, below
        locked=facts.roll,
    )
    created = new_entry is not None
    if not created and roll_channel != Channel.WEB:
        raise Conflict(
            _("Your vote was recorded on paper or at a desk; it cannot be changed online."),
            field="budget",
            code="already_voted",
        )
    if not created and channel != Channel.WEB:
        raise Conflict(
            _("This resident has already voted in this budget."),
            field="voter",
            code="already_voted",
        )
    key = voter_key(budget=budget, user=voter)
    code = _new_receipt_code()
    # A new roll row means no ballot yet: the locked roll row guards the ballot too.
    ballot_id = (
        None
        if new_entry is not None
        else ballot_replace(budget_id=budget.pk, voter_key=key, receipt_hash=receipt_hash(code))
    )
    replaced = ballot_id is not None
    ballot = None
    if ballot_id is None:
        ballot = Ballot(
            budget=budget, voter_key=key, channel=channel, receipt_hash=receipt_hash(code)
        )
        ballot_id = ballot.pk
    rows = [
        BallotChoice(
            ballot_id=ballot_id, item_id=choice.item_id, points=choice.points, rank=choice.rank
        )
        for choice in valid
    ]
    if new_entry is not None and ballot is not None:
        cast_insert(entry=new_entry, ballot=ballot, choices=rows)  # one statement
    else:
        if ballot is not None:
            ballot_insert(ballot)
        choices_insert(rows)
    if channel == Channel.DESK:
        # Which budget and who entered it; never the voter, the ballot or its choices.
        audit_record(
            actor=recorded_by,
            organisation=budget.round.organisation,
            action="ballot.desk_entered",
            subject_type="budget",
            subject_id=budget.pk,
            process_type="round",
            process_id=budget.round_id,
            after={"channel": Channel.DESK},
        )
    return Receipt(code=code, budget_id=budget.pk, replaced=replaced, channel=channel)


def ballot_of(*, voter: User, budget: Budget) -> list[BallotChoice]:
    """The voter's own current choices (to show them their ballot while voting is open)."""
    key = voter_key(budget=budget, user=voter)
    return list(
        BallotChoice.objects.filter(ballot__budget=budget, ballot__voter_key=key)
        .select_related("item")
        .order_by("rank", "item__title")
    )


@_once_more_on_race
def paper_voter_mark(*, actor: User, voter: User, budget: Budget) -> VoterRoll:
    """A desk official checks a resident off the roll who casts a paper ballot into a
    box; the box's counts are entered later as a paper batch."""
    budget = Budget.objects.select_related("round").get(pk=budget.pk)
    voting_open_check(budget)
    eligibility = voting_eligibility(user=voter, round=budget.round)
    if not eligibility.allows(budget):
        raise PermissionDenied(
            eligibility.reason or _("Not eligible for this budget."),
            field="voter",
            code="not_eligible",
        )
    verification = eligibility.verification
    age = budget.round.voting_close.year - verification.birth_year if verification else None
    roll_channel, entry = _roll_entry(
        budget=budget,
        user=voter,
        channel=Channel.PAPER,
        exclusive=eligibility.exclusive,
        recorded_by=actor,
        area_id=verification.area_id if verification else None,
        band=age_band(age),
    )
    if entry is None:
        raise Conflict(
            _("This resident has already voted in this budget (%(channel)s).")
            % {"channel": Channel(roll_channel).label},
            field="voter",
            code="already_voted",
        )
    audit_record(
        actor=actor,
        organisation=budget.round.organisation,
        action="ballot.paper_voter_marked",
        subject_type="voter_roll",
        subject_id=entry.pk,
        process_type="round",
        process_id=budget.round_id,
        after={"channel": Channel.PAPER, "budget": budget.pk},
    )
    return entry


@transaction.atomic
def paper_batch_enter(
    *, actor: User, budget: Budget, label: str, ballots: int, counts: dict[int, int]
) -> PaperBatch:
    items = ballot_items(budget=budget)
    errors = [item_id for item_id in counts if item_id not in items]
    if errors:
        raise DomainError(
            _("A count refers to a proposal that is not on this ballot."), field="counts"
        )
    if any(value < 0 or value > ballots for value in counts.values()):
        raise DomainError(
            _("A proposal cannot get more votes than there are ballots."), field="counts"
        )
    if budget.ballot_type == "single" and sum(counts.values()) > ballots:
        raise DomainError(
            _("Single-choice counts add up to more than the ballots."), field="counts"
        )
    if PaperBatch.objects.filter(budget=budget, label=label).exists():
        raise Conflict(_("A batch with this label was already entered."), field="label")
    batch = PaperBatch.objects.create(budget=budget, label=label, ballots=ballots, entered_by=actor)
    PaperCount.objects.bulk_create(
        PaperCount(batch=batch, item_id=item_id, votes=value)
        for item_id, value in counts.items()
        if value
    )
    audit_record(
        actor=actor,
        organisation=budget.round.organisation,
        action="ballot.paper_batch_entered",
        subject_type="paper_batch",
        subject_id=batch.pk,
        process_type="round",
        process_id=budget.round_id,
        after={"budget": budget.pk, "label": label, "ballots": ballots},
    )
    return batch


@transaction.atomic
def paper_batch_confirm(*, actor: User, batch: PaperBatch) -> PaperBatch:
    """A second official confirms a batch. Confirmed paper ballots can never outnumber
    the residents checked off the roll for paper: no ballot counts twice."""
    budget = Budget.objects.select_for_update().get(pk=batch.budget_id)
    batch = PaperBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == PaperBatch.Status.CONFIRMED:
        return batch
    if batch.entered_by_id == actor.pk:
        raise PermissionDenied(_("A second official must confirm the batch."), code="same_official")
    confirmed = PaperBatch.objects.filter(
        budget=budget, status=PaperBatch.Status.CONFIRMED
    ).aggregate(total=Sum("ballots"))
    checked_off = VoterRoll.objects.filter(budget=budget, channel=Channel.PAPER).count()
    if (confirmed["total"] or 0) + batch.ballots > checked_off:
        raise Conflict(
            _(
                "Confirming this batch would count %(total)s paper ballots, but only "
                "%(roll)s residents were checked off the roll for paper voting."
            )
            % {"total": (confirmed["total"] or 0) + batch.ballots, "roll": checked_off},
            field="ballots",
            code="paper_overcount",
        )
    batch.status = PaperBatch.Status.CONFIRMED
    batch.confirmed_by = actor
    batch.confirmed_at = timezone.now()
    batch.save(update_fields=["status", "confirmed_by", "confirmed_at"])
    audit_record(
        actor=actor,
        organisation=budget.round.organisation,
        action="ballot.paper_batch_confirmed",
        subject_type="paper_batch",
        subject_id=batch.pk,
        process_type="round",
        process_id=budget.round_id,
        before={"status": PaperBatch.Status.PENDING},
        after={"status": batch.status, "ballots": batch.ballots},
    )
    return batch


def item_ids_on_ballot(budget: Budget) -> list[int]:
    return list(Item.objects.filter(budget=budget, on_ballot=True).values_list("pk", flat=True))
