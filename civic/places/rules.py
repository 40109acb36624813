"""Permissions of the places app (found by rules' autodiscovery)."""

import rules

from civic.accounts.predicates import is_official, is_org_admin, is_platform_admin

rules.add_perm("places.view_organisation", rules.always_allow)
rules.add_perm("places.view_area", rules.always_allow)
rules.add_perm("places.change_organisation", is_org_admin | is_platform_admin)
rules.add_perm("places.manage_census", is_official | is_platform_admin)
