"""The ``?sdg=<n>`` filter shared by list pages and list endpoints of every app."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter

from civic.sdg.selectors import goal_param, sdg_filter, sdg_filter_param

SDG_PARAMETER = OpenApiParameter(
    "sdg",
    int,
    description="Only what is tagged with this Sustainable Development Goal (1 to 17).",
)

__all__ = ["SDG_PARAMETER", "goal_param", "sdg_filter", "sdg_filter_param"]
