"""Permissions of the notifications app (found by rules' autodiscovery)."""

from typing import Any

import rules

from civic.accounts.predicates import is_official, is_platform_admin, user_has_mfa


@rules.predicate
def is_staff_with_mfa(user: Any) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "is_staff", False)) and (
        user_has_mfa(user)
    )


# The operator view (queue depth, failures, the relay's last run): staff accounts
# (is_staff, with a second factor) and platform administrators.
rules.add_perm("notifications.view_operations", is_staff_with_mfa | is_platform_admin)

# Announcements to an area: officials (and administrators) of its organisation.
rules.add_perm("notifications.announce", is_official | is_platform_admin)
