"""Background counting of large budgets (thin: ids in, service call)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, time_limit=600, soft_time_limit=540)
def result_compute_task(budget_id: int, actor_id: int | None = None) -> None:
    """Count a budget. Idempotent: a rerun recounts the same ballots into the same rows;
    a published result is left alone."""
    from budgeting.models import Budget, Result
    from budgeting.services.results import result_compute
    from civic.accounts.models import User

    if Result.objects.filter(budget_id=budget_id, published_at__isnull=False).exists():
        return
    budget = Budget.objects.get(pk=budget_id)
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    result_compute(actor=actor, budget=budget)
