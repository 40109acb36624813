"""Permissions of participatory budgeting (found by rules' autodiscovery)."""

import rules

from civic.accounts.predicates import (
    has_verified_email,
    is_assessor,
    is_official,
    is_platform_admin,
)

rules.add_perm("budgeting.view_round", rules.always_allow)
rules.add_perm("budgeting.manage_round", is_official | is_platform_admin)
rules.add_perm("budgeting.assess_item", is_assessor | is_official | is_platform_admin)
rules.add_perm("budgeting.record_paper_ballot", is_official | is_platform_admin)
rules.add_perm("budgeting.propose_item", has_verified_email)
rules.add_perm("budgeting.comment_item", has_verified_email)
rules.add_perm("budgeting.manage_implementation", is_official | is_platform_admin)
