"""Permissions of SDG local targets (found by rules' autodiscovery). Deny by default."""

from __future__ import annotations

import rules

from civic.accounts.predicates import is_official, is_platform_admin

# The object is the organisation (to add one) or the local target (organisation_of finds it).
rules.add_perm("sdg.manage_localtarget", is_official | is_platform_admin)
