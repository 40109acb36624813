"""Permissions of the audit trail (found by rules' autodiscovery). Deny by default.

The object is the organisation. The public part of a process's log needs no permission.
"""

from __future__ import annotations

import rules

from civic.accounts.predicates import is_official, is_platform_admin

rules.add_perm("audit.view_full_log", is_official | is_platform_admin)
