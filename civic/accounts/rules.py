"""Permissions of the accounts app (found by rules' autodiscovery)."""

import rules

from civic.accounts.predicates import (
    has_verified_email,
    is_official,
    is_org_admin,
    is_platform_admin,
)

# Taking part at all needs a confirmed email address; processes add their own audience.
rules.add_perm("accounts.participate", has_verified_email)
rules.add_perm("accounts.verify_in_person", is_official | is_platform_admin)
rules.add_perm("accounts.manage_memberships", is_org_admin | is_platform_admin)
