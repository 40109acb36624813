"""The authorization matrix as data: who gets what from every page and API endpoint.

Rows are ``"METHOD state"``; each row has one code per role, in this column order:

    anon  unverif  signed_in  resident  res_other_area  official  official_other
    moderator  assessor  org_admin  superuser

(``resident`` is verified in north-1, where the open consultation is limited to the north
district; ``res_other_area`` is verified in the south district of the same city;
``official_other`` is an official of another organisation; every staff member has a second
factor; ``signed_in`` has a confirmed email but no verification, ``unverif`` has not
confirmed theirs.)

Codes: ``200``/``201``/``204`` the answer; ``login`` a redirect to the sign-in page;
``redir`` any other redirect (page forms redirect back with a message, allowed or not);
``400``/``409``/``415`` the request got past the permission check and was refused for its
content or the object's state (the matrix sends empty bodies); ``401``/``403``/``404``/
``405`` denials. A write answered with a denial (401/403/404/405/login) must not write a
single row: the test watches every INSERT/UPDATE/DELETE.

States (the subject of the pattern decides which): consultations ``draft``/``open``
(open to residents of the north district)/``closed``; dialogues ``draft``/``open``/
``closed``; budgeting rounds (and their items and budgets) ``draft`` (in preparation)/
``open`` (voting)/``closed`` (results published), plus ``unpublished`` for a budget whose
result is computed but not yet published. ``-``: the pattern has no state.

Superusers pass every rules permission (Django's ``has_perm`` short-cut), except where a
selector filters by role (rounds in preparation are listed for the organisation's staff).

When you add a URL pattern, the matrix fails until it has a row here: decide who may see
and change it, write the row, run ``tests/civic/test_authorization_matrix.py``.
"""

from __future__ import annotations

# Patterns left out of the matrix, and why.
EXCLUDED_PREFIXES: dict[str, str] = {
    "admin/": "Django's admin: staff accounts only, Django's own permission checks",
    "accounts/": "allauth's sign-in, sign-up, email and second-factor pages (allauth's tests; "
    "our flow in tests/civic/test_signup_flow.py)",
    "_allauth/": "allauth's headless API for the apps (same views as accounts/)",
    "media/": "uploaded files served in development only (DEBUG)",
    "static/": "static files",
}
EXCLUDED_NAMES: dict[str, str] = {
    "api-schema": "OpenAPI schema: public, slow to build, fuzzed in tests/civic/test_api_fuzz.py",
    "api-docs": "Swagger UI page for the schema (static HTML)",
    "api-redoc": "ReDoc page for the schema (static HTML)",
}

# Lists, filters, search, exports and counts: no draft of another organisation may show for
# anyone but its staff, and no draft of this city for anyone who does not manage it.
# ``{...}`` is filled in from the world (tests/civic/authz_world.py). Search pages echo the
# query, so they search for words of the drafts' text (``lake``), not for the markers.
LEAK_URLS: list[str] = [
    "/",
    "/consultations/",
    "/consultations/?status=draft",
    "/dialogues/",
    "/dialogues/?phase=draft",
    "/budgeting/",
    "/budgeting/implementation/all/",
    "/org/town/",
    "/org/elsewhere/",
    "/search/?q=Zanzibar",
    "/search/?q=Draft+plan",
    "/search/?q=lake",
    "/sdg/",
    "/sdg/11/",
    "/statistics/",
    "/statistics/town/",
    "/statistics/elsewhere/",
    "/open-data/",
    "/open-data/budget-items/",
    "/open-data/budget-items/elsewhere/zanzibar-draft.csv",
    "/open-data/budget-items/town/pb-draft.json",
    "/open-data/consultation-results/elsewhere/{other_consultation}.csv",
    "/open-data/consultation-results/town/{own_draft_consultation}.json",
    "/open-data/dialogue-statements/elsewhere/{other_dialogue}.csv",
    "/me/export.json",
    "/api/v1/consultations/",
    "/api/v1/consultations/?status=draft",
    "/api/v1/dialogues/",
    "/api/v1/dialogues/?phase=draft",
    "/api/v1/rounds/",
    "/api/v1/rounds/zanzibar-draft/items/",
    "/api/v1/rounds/pb-draft/items/",
    "/api/v1/projects/",
    "/api/v1/meetings/",
    "/api/v1/organisations/",
    "/api/v1/organisations/elsewhere/",
    "/api/v1/search/?q=Zanzibar",
    "/api/v1/search/?q=Draft+plan",
    "/api/v1/search/?q=lake",
    "/api/v1/statistics/organisations/elsewhere/",
    "/api/v1/statistics/organisations/town/",
    "/api/v1/open-data/",
    "/api/v1/open-data/budget-items/",
    "/api/v1/open-data/budget-items/files/",
    "/api/v1/sdg/goals/11/",
    "/api/v1/me/export/",
    # Filters by Sustainable Development Goal (every draft is tagged with goal 11).
    "/consultations/?sdg=11",
    "/dialogues/?sdg=11",
    "/api/v1/consultations/?sdg=11",
    "/api/v1/dialogues/?sdg=11",
    "/api/v1/rounds/pb-voting/items/?sdg=11",
    "/api/v1/rounds/zanzibar-draft/items/?sdg=11",
    "/api/v1/sdg/goals/11/targets/",
]

# Writes with a valid body (the matrix sends empty ones): only the roles with a success code
# may write; ``{...}`` is filled in from the world.
VALID_WRITES: dict[str, tuple[str, str, dict[str, object]]] = {
    "respond to the open consultation (north district residents only)": (
        "POST",
        "/api/v1/consultations/{open_consultation}/my-response/",
        {"answers": {"q{open_question}": "o1"}},
    ),
    "comment on a paragraph of the open consultation": (
        "POST",
        "/api/v1/consultations/{open_consultation}/paragraphs/{open_paragraph}/comments/",
        {"body": "Please keep the old oak."},
    ),
    "comment on a proposal in the voting round": (
        "POST",
        "/api/v1/items/{open_item}/comments/",
        {"body": "A good idea."},
    ),
    "comment on a proposal of a round in preparation": (
        "POST",
        "/api/v1/items/{draft_item}/comments/",
        {"body": "A good idea."},
    ),
    "comment on a proposal of another organisation's round in preparation": (
        "POST",
        "/api/v1/items/{other_item}/comments/",
        {"body": "A good idea."},
    ),
    "vote on a statement of the open dialogue": (
        "POST",
        "/api/v1/dialogues/statements/{open_statement}/vote/",
        {"value": 1},
    ),
    "vote on a statement of a draft dialogue": (
        "POST",
        "/api/v1/dialogues/statements/{draft_statement}/vote/",
        {"value": 1},
    ),
}
VALID_WRITE_ROWS: dict[str, str] = {
    "respond to the open consultation (north district residents only)": (
        "401   403   403   201   403   403   403   403   403   403   403"
    ),
    "comment on a paragraph of the open consultation": (
        "401   403   403   201   403   403   403   403   403   403   403"
    ),
    "comment on a proposal in the voting round": (
        "403   403   201   201   201   201   201   201   201   201   201"
    ),
    "comment on a proposal of a round in preparation": (
        "404   404   404   404   404   404   404   404   404   404   404"
    ),
    "comment on a proposal of another organisation's round in preparation": (
        "404   404   404   404   404   404   404   404   404   404   404"
    ),
    "vote on a statement of the open dialogue": (
        "401   403   200   200   200   200   200   200   200   200   200"
    ),
    "vote on a statement of a draft dialogue": (
        "401   404   404   404   404   403   404   404   404   403   409"
    ),
}

# name: (subject, {"METHOD state": "one code per role"})
TABLE: dict[str, tuple[str, dict[str, str]]] = {
    #
    "home": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # healthz
    "health": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # i18n/setlang/
    "set_language": (
        "-",
        {
            "GET -": "redir redir redir redir redir redir redir redir redir redir redir",
            "POST -": "redir redir redir redir redir redir redir redir redir redir redir",
        },
    ),
    # jsi18n/
    "javascript-catalog": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # me/
    "profile": (
        "-",
        {
            "GET -": "login 200   200   200   200   200   200   200   200   200   200",
            "POST -": "login 200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # me/verification/
    "verification": (
        "-",
        {
            "GET -": "login 200   200   200   200   200   200   200   200   200   200",
            "POST -": "login 200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # me/export.json
    "data-export": (
        "-",
        {
            "GET -": "login 200   200   200   200   200   200   200   200   200   200",
            "POST -": "login 200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # me/delete/
    "account-delete": (
        "-",
        {
            "GET -": "login 200   200   200   200   200   200   200   200   200   200",
            "POST -": "login 200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # org/<slug:slug>/
    "organisation-detail": (
        "organisation",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # org/<slug:slug>/census/
    "census": (
        "organisation",
        {
            "GET -": "login 403   403   403   403   200   403   403   403   200   200",
            "POST -": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # org/<slug:slug>/census/<int:pk>/
    "census-report": (
        "organisation",
        {
            "GET -": "login 403   403   403   403   200   403   403   403   200   200",
            "POST -": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # org/<slug:slug>/verify/
    "verify-in-person": (
        "organisation",
        {
            "GET -": "login 403   403   403   403   200   403   403   403   200   200",
            "POST -": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # budgeting/
    "budgeting:rounds": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # budgeting/<slug:slug>/
    "budgeting:round": (
        "round",
        {
            "GET draft": "404   404   404   404   404   200   404   404   200   200   404",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   200   404   404   200   200   404",
            "POST open": "200   200   200   200   200   200   200   200   200   200   200",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # budgeting/<slug:slug>/propose/
    "budgeting:propose": (
        "round",
        {
            "GET draft": "login 404   404   404   404   200   404   404   200   200   404",
            "GET open": "login 200   200   200   200   200   200   200   200   200   200",
            "GET closed": "login 200   200   200   200   200   200   200   200   200   200",
            "POST draft": "login 404   404   404   404   200   404   404   200   200   404",
            "POST open": "login 200   200   200   200   200   200   200   200   200   200",
            "POST closed": "login 200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # budgeting/<slug:slug>/items/<int:pk>/
    "budgeting:item": (
        "round",
        {
            "GET draft": "404   404   404   404   404   200   404   404   200   200   404",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   200   404   404   200   200   404",
            "POST open": "200   200   200   200   200   200   200   200   200   200   200",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # budgeting/<slug:slug>/items/<int:pk>/edit/
    "budgeting:item-edit": (
        "round",
        {
            "GET draft": "login 404   404   404   404   404   404   404   404   404   404",
            "GET open": "login 404   200   404   404   404   404   404   404   404   404",
            "GET closed": "login 404   404   200   404   404   404   404   404   404   404",
            "POST draft": "login 404   404   404   404   404   404   404   404   404   404",
            "POST open": "login 404   200   404   404   404   404   404   404   404   404",
            "POST closed": "login 404   404   200   404   404   404   404   404   404   404",
        },
    ),
    # budgeting/<slug:slug>/items/<int:pk>/<str:action>/
    "budgeting:item-action": (
        "round",
        {
            "GET draft": "login 405   405   405   405   405   405   405   405   405   405",
            "GET open": "login 405   405   405   405   405   405   405   405   405   405",
            "GET closed": "login 405   405   405   405   405   405   405   405   405   405",
            "POST draft": "login 404   404   404   404   redir 404   404   redir redir 404",
            "POST open": "login redir redir redir redir redir redir redir redir redir redir",
            "POST closed": "login redir redir redir redir redir redir redir redir redir redir",
        },
    ),
    # budgeting/<slug:slug>/vote/<int:budget_id>/
    "budgeting:ballot": (
        "round",
        {
            "GET draft": "login 404   404   404   404   200   404   404   200   200   404",
            "GET open": "login 200   200   200   200   200   200   200   200   200   200",
            "GET closed": "login 200   200   200   200   200   200   200   200   200   200",
            "POST draft": "login 404   404   404   404   200   404   404   200   200   404",
            "POST open": "login 200   200   200   200   200   200   200   200   200   200",
            "POST closed": "login 200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # budgeting/<slug:slug>/manage/
    "budgeting:manage": (
        "round",
        {
            "GET draft": "login 404   404   404   404   200   404   404   403   200   404",
            "GET open": "login 403   403   403   403   200   403   403   403   200   200",
            "GET closed": "login 403   403   403   403   200   403   403   403   200   200",
            "POST draft": "login 404   404   404   404   redir 404   404   403   redir 404",
            "POST open": "login 403   403   403   403   redir 403   403   403   redir redir",
            "POST closed": "login 403   403   403   403   redir 403   403   403   redir redir",
        },
    ),
    # budgeting/<slug:slug>/manage/items/<int:pk>/
    "budgeting:assess": (
        "round",
        {
            "GET draft": "login 404   404   404   404   200   404   404   200   200   404",
            "GET open": "login 403   403   403   403   200   403   403   200   200   200",
            "GET closed": "login 403   403   403   403   200   403   403   200   200   200",
            "POST draft": "login 404   404   404   404   200   404   404   200   200   404",
            "POST open": "login 403   403   403   403   200   403   403   200   200   200",
            "POST closed": "login 403   403   403   403   200   403   403   200   200   200",
        },
    ),
    # budgeting/<slug:slug>/desk/
    "budgeting:desk": (
        "round",
        {
            "GET draft": "login 404   404   404   404   200   404   404   403   200   404",
            "GET open": "login 403   403   403   403   200   403   403   403   200   200",
            "GET closed": "login 403   403   403   403   200   403   403   403   200   200",
            "POST draft": "login 404   404   404   404   redir 404   404   403   redir 404",
            "POST open": "login 403   403   403   403   redir 403   403   403   redir redir",
            "POST closed": "login 403   403   403   403   redir 403   403   403   redir redir",
        },
    ),
    # budgeting/results/round/<slug:slug>/
    "budgeting-results:round": (
        "round",
        {
            "GET draft": "404   404   404   404   404   200   404   404   200   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   200   404   404   200   200   200",
            "POST open": "200   200   200   200   200   200   200   200   200   200   200",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # budgeting/results/<int:pk>/
    "budgeting-results:budget": (
        "budget",
        {
            "GET draft": "404   404   404   404   404   200   404   404   200   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "GET unpublished": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   200   404   404   200   200   200",
            "POST open": "200   200   200   200   200   200   200   200   200   200   200",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST unpublished": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # budgeting/results/<int:pk>/compute/
    "budgeting-results:compute": (
        "budget",
        {
            "GET draft": "login 405   405   405   405   405   405   405   405   405   405",
            "GET open": "login 405   405   405   405   405   405   405   405   405   405",
            "GET closed": "login 405   405   405   405   405   405   405   405   405   405",
            "GET unpublished": "login 405   405   405   405   405   405   405   405   405   405",
            "POST draft": "login 403   403   403   403   redir 403   403   403   redir redir",
            "POST open": "login 403   403   403   403   redir 403   403   403   redir redir",
            "POST closed": "login 403   403   403   403   redir 403   403   403   redir redir",
            "POST unpublished": "login 403   403   403   403   redir 403   403   403   redir redir",
        },
    ),
    # budgeting/results/<int:pk>/publish/
    "budgeting-results:publish": (
        "budget",
        {
            "GET draft": "login 405   405   405   405   405   405   405   405   405   405",
            "GET open": "login 405   405   405   405   405   405   405   405   405   405",
            "GET closed": "login 405   405   405   405   405   405   405   405   405   405",
            "GET unpublished": "login 405   405   405   405   405   405   405   405   405   405",
            "POST draft": "login 403   403   403   403   redir 403   403   403   redir redir",
            "POST open": "login 403   403   403   403   redir 403   403   403   redir redir",
            "POST closed": "login 403   403   403   403   redir 403   403   403   redir redir",
            "POST unpublished": "login 403   403   403   403   redir 403   403   403   redir redir",
        },
    ),
    # budgeting/results/<int:pk>/ballots/
    "budgeting-results:ballots": (
        "budget",
        {
            "GET draft": "404   404   404   404   404   404   404   404   404   404   404",
            "GET open": "404   404   404   404   404   404   404   404   404   404   404",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "GET unpublished": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   404   404   404   404   404   404",
            "POST open": "404   404   404   404   404   404   404   404   404   404   404",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST unpublished": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # budgeting/results/<int:pk>/export.pb
    "budgeting-results:export": (
        "budget",
        {
            "GET draft": "404   404   404   404   404   404   404   404   404   404   404",
            "GET open": "404   404   404   404   404   404   404   404   404   404   404",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "GET unpublished": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   404   404   404   404   404   404",
            "POST open": "404   404   404   404   404   404   404   404   404   404   404",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST unpublished": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # budgeting/results/receipt/
    "budgeting-results:receipt": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # budgeting/implementation/all/
    "budgeting-results:projects": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # budgeting/implementation/<int:pk>/
    "budgeting-results:project": (
        "project",
        {
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # budgeting/implementation/<int:pk>/update/
    "budgeting-results:project-update": (
        "project",
        {
            "GET closed": "login 403   403   403   403   200   403   403   403   200   200",
            "POST closed": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # budgeting/implementation/<int:pk>/milestones/new/
    "budgeting-results:milestone-add": (
        "project",
        {
            "GET closed": "login 403   403   403   403   200   403   403   403   200   200",
            "POST closed": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # budgeting/pabulib/import/
    "budgeting-results:import": (
        "-",
        {
            "GET -": "login 403   403   403   403   200   200   403   403   200   200",
            "POST -": "login 403   403   403   403   200   200   403   403   200   200",
        },
    ),
    # notifications/
    "notification-feed": (
        "-",
        {
            "GET -": "login 200   200   200   200   200   200   200   200   200   200",
            "POST -": "login 200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # notifications/<int:pk>/
    "notification-open": (
        "notification",
        {
            "GET -": "login 404   404   redir 404   404   404   404   404   404   404",
            "POST -": "login 404   404   redir 404   404   404   404   404   404   404",
        },
    ),
    # notifications/read-all/
    "notification-read-all": (
        "-",
        {
            "GET -": "login 405   405   405   405   405   405   405   405   405   405",
            "POST -": "login redir redir redir redir redir redir redir redir redir redir",
        },
    ),
    # notifications/preferences/
    "notification-preferences": (
        "-",
        {
            "GET -": "login 200   200   200   200   200   200   200   200   200   200",
            "POST -": "login 200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # notifications/unsubscribe/<str:token>/
    "notification-unsubscribe": (
        "notification",
        {
            "GET -": "404   404   404   404   404   404   404   404   404   404   404",
            "POST -": "404   404   404   404   404   404   404   404   404   404   404",
        },
    ),
    # notifications/operations/
    "notification-operations": (
        "-",
        {
            "GET -": "login 403   403   403   403   403   403   403   403   403   200",
            "POST -": "login 403   403   403   403   403   403   403   403   403   200",
        },
    ),
    # notifications/announce/
    "notification-announce": (
        "-",
        {
            "GET -": "login 403   403   403   403   200   200   403   403   200   200",
            "POST -": "login 403   403   403   403   200   200   403   403   200   200",
        },
    ),
    # consultations/
    "consultation-index": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # consultations/new/<slug:slug>/
    "consultation-new": (
        "organisation",
        {
            "GET -": "login 403   403   403   403   200   403   403   403   200   200",
            "POST -": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # consultations/<int:pk>/
    "consultation-detail": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   200   404   404   404   200   200",
            "POST open": "200   200   200   200   200   200   200   200   200   200   200",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # consultations/<int:pk>/respond/
    "consultation-respond": (
        "consultation",
        {
            "GET draft": "login 404   404   404   404   403   404   404   404   403   403",
            "GET open": "login 403   403   200   403   403   403   403   403   403   403",
            "GET closed": "login 403   403   403   403   403   403   403   403   403   403",
            "POST draft": "login 404   404   404   404   403   404   404   404   403   403",
            "POST open": "login 403   403   200   403   403   403   403   403   403   403",
            "POST closed": "login 403   403   403   403   403   403   403   403   403   403",
        },
    ),
    # consultations/<int:pk>/follow/
    "consultation-follow": (
        "consultation",
        {
            "GET draft": "login 405   405   405   405   405   405   405   405   405   405",
            "GET open": "login 405   405   405   405   405   405   405   405   405   405",
            "GET closed": "login 405   405   405   405   405   405   405   405   405   405",
            "POST draft": "login 404   404   404   404   403   404   404   404   403   redir",
            "POST open": "login 403   redir redir redir redir redir redir redir redir redir",
            "POST closed": "login 403   redir redir redir redir redir redir redir redir redir",
        },
    ),
    # consultations/<int:pk>/diff/
    "consultation-diff": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   404   404   404   404   404   404",
            "GET open": "404   404   404   404   404   404   404   404   404   404   404",
            "GET closed": "404   404   404   404   404   404   404   404   404   404   404",
            "POST draft": "404   404   404   404   404   404   404   404   404   404   404",
            "POST open": "404   404   404   404   404   404   404   404   404   404   404",
            "POST closed": "404   404   404   404   404   404   404   404   404   404   404",
        },
    ),
    # consultations/<int:pk>/results/
    "consultation-results": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "403   403   403   403   403   200   403   403   403   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   200   404   404   404   200   200",
            "POST open": "403   403   403   403   403   200   403   403   403   200   200",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # consultations/<int:pk>/results.<str:fmt>
    "consultation-export": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "403   403   403   403   403   200   403   403   403   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   200   404   404   404   200   200",
            "POST open": "403   403   403   403   403   200   403   403   403   200   200",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # consultations/<int:pk>/paragraphs/<int:paragraph_pk>/comment/
    "consultation-paragraph-comment": (
        "consultation",
        {
            "GET draft": "login 405   405   405   405   405   405   405   405   405   405",
            "GET open": "login 405   405   405   405   405   405   405   405   405   405",
            "GET closed": "login 405   405   405   405   405   405   405   405   405   405",
            "POST draft": "login 404   404   404   404   redir 404   404   404   redir redir",
            "POST open": "login redir redir redir redir redir redir redir redir redir redir",
            "POST closed": "login redir redir redir redir redir redir redir redir redir redir",
        },
    ),
    # consultations/<int:pk>/paragraphs/<int:paragraph_pk>/rate/
    "consultation-paragraph-rate": (
        "consultation",
        {
            "GET draft": "login 405   405   405   405   405   405   405   405   405   405",
            "GET open": "login 405   405   405   405   405   405   405   405   405   405",
            "GET closed": "login 405   405   405   405   405   405   405   405   405   405",
            "POST draft": "login 404   404   404   404   redir 404   404   404   redir redir",
            "POST open": "login redir redir redir redir redir redir redir redir redir redir",
            "POST closed": "login redir redir redir redir redir redir redir redir redir redir",
        },
    ),
    # consultations/<int:pk>/manage/
    "consultation-manage": (
        "consultation",
        {
            "GET draft": "login 404   404   404   404   200   404   404   404   200   200",
            "GET open": "login 403   403   403   403   200   403   403   403   200   200",
            "GET closed": "login 403   403   403   403   200   403   403   403   200   200",
            "POST draft": "login 404   404   404   404   200   404   404   404   200   200",
            "POST open": "login 403   403   403   403   200   403   403   403   200   200",
            "POST closed": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # consultations/<int:pk>/edit/
    "consultation-edit": (
        "consultation",
        {
            "GET draft": "login 404   404   404   404   200   404   404   404   200   200",
            "GET open": "login 403   403   403   403   200   403   403   403   200   200",
            "GET closed": "login 403   403   403   403   200   403   403   403   200   200",
            "POST draft": "login 404   404   404   404   200   404   404   404   200   200",
            "POST open": "login 403   403   403   403   200   403   403   403   200   200",
            "POST closed": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # consultations/<int:pk>/transition/
    "consultation-transition": (
        "consultation",
        {
            "GET draft": "login 405   405   405   405   405   405   405   405   405   405",
            "GET open": "login 405   405   405   405   405   405   405   405   405   405",
            "GET closed": "login 405   405   405   405   405   405   405   405   405   405",
            "POST draft": "login 404   404   404   404   redir 404   404   404   redir redir",
            "POST open": "login 403   403   403   403   redir 403   403   403   redir redir",
            "POST closed": "login 403   403   403   403   redir 403   403   403   redir redir",
        },
    ),
    # consultations/<int:pk>/questions/new/
    "consultation-question-new": (
        "consultation",
        {
            "GET draft": "login 404   404   404   404   200   404   404   404   200   200",
            "GET open": "login 403   403   403   403   200   403   403   403   200   200",
            "GET closed": "login 403   403   403   403   200   403   403   403   200   200",
            "POST draft": "login 404   404   404   404   200   404   404   404   200   200",
            "POST open": "login 403   403   403   403   200   403   403   403   200   200",
            "POST closed": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # consultations/<int:pk>/questions/<int:question_pk>/
    "consultation-question-edit": (
        "consultation",
        {
            "GET draft": "login 404   404   404   404   200   404   404   404   200   200",
            "GET open": "login 403   403   403   403   200   403   403   403   200   200",
            "GET closed": "login 403   403   403   403   200   403   403   403   200   200",
            "POST draft": "login 404   404   404   404   200   404   404   404   200   200",
            "POST open": "login 403   403   403   403   200   403   403   403   200   200",
            "POST closed": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # consultations/<int:pk>/versions/new/
    "consultation-version-new": (
        "consultation",
        {
            "GET draft": "login 405   405   405   405   405   405   405   405   405   405",
            "GET open": "login 405   405   405   405   405   405   405   405   405   405",
            "GET closed": "login 405   405   405   405   405   405   405   405   405   405",
            "POST draft": "login 404   404   404   404   redir 404   404   404   redir redir",
            "POST open": "login 403   403   403   403   redir 403   403   403   redir redir",
            "POST closed": "login 403   403   403   403   redir 403   403   403   redir redir",
        },
    ),
    # consultations/<int:pk>/attachments/new/
    "consultation-attachment-new": (
        "consultation",
        {
            "GET draft": "login 405   405   405   405   405   405   405   405   405   405",
            "GET open": "login 405   405   405   405   405   405   405   405   405   405",
            "GET closed": "login 405   405   405   405   405   405   405   405   405   405",
            "POST draft": "login 404   404   404   404   redir 404   404   404   redir redir",
            "POST open": "login 403   403   403   403   redir 403   403   403   redir redir",
            "POST closed": "login 403   403   403   403   redir 403   403   403   redir redir",
        },
    ),
    # consultations/<int:pk>/moderation/
    "consultation-moderation": (
        "consultation",
        {
            "GET draft": "login 404   404   404   404   200   404   404   404   200   200",
            "GET open": "login 403   403   403   403   200   403   200   403   200   200",
            "GET closed": "login 403   403   403   403   200   403   200   403   200   200",
            "POST draft": "login 404   404   404   404   redir 404   404   404   redir redir",
            "POST open": "login 403   403   403   403   redir 403   redir 403   redir redir",
            "POST closed": "login 403   403   403   403   redir 403   redir 403   redir redir",
        },
    ),
    # consultations/<int:pk>/answer/
    "consultation-answer-edit": (
        "consultation",
        {
            "GET draft": "login 404   404   404   404   200   404   404   404   200   200",
            "GET open": "login 403   403   403   403   200   403   403   403   200   200",
            "GET closed": "login 403   403   403   403   200   403   403   403   200   200",
            "POST draft": "login 404   404   404   404   200   404   404   404   200   200",
            "POST open": "login 403   403   403   403   200   403   403   403   200   200",
            "POST closed": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # dialogues/
    "dialogue-index": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # dialogues/new/
    "dialogue-new-choose": (
        "-",
        {
            "GET -": "login 403   403   403   403   redir redir 403   403   redir 200",
            "POST -": "login 403   403   403   403   redir redir 403   403   redir 200",
        },
    ),
    # dialogues/new/<slug:slug>/
    "dialogue-new": (
        "organisation",
        {
            "GET -": "login 403   403   403   403   200   403   403   403   200   200",
            "POST -": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # dialogues/<int:pk>/
    "dialogue-detail": (
        "dialogue",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   200   404   404   404   200   200",
            "POST open": "200   200   200   200   200   200   200   200   200   200   200",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # dialogues/<int:pk>/edit/
    "dialogue-edit": (
        "dialogue",
        {
            "GET draft": "login 404   404   404   404   200   404   404   404   200   200",
            "GET open": "login 403   403   403   403   200   403   403   403   200   200",
            "GET closed": "login 403   403   403   403   200   403   403   403   200   200",
            "POST draft": "login 404   404   404   404   200   404   404   404   200   200",
            "POST open": "login 403   403   403   403   200   403   403   403   200   200",
            "POST closed": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # dialogues/<int:pk>/manage/
    "dialogue-manage": (
        "dialogue",
        {
            "GET draft": "login 404   404   404   404   200   404   404   404   200   200",
            "GET open": "login 403   403   403   403   200   403   403   403   200   200",
            "GET closed": "login 403   403   403   403   200   403   403   403   200   200",
            "POST draft": "login 404   404   404   404   200   404   404   404   200   200",
            "POST open": "login 403   403   403   403   200   403   403   403   200   200",
            "POST closed": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # dialogues/<int:pk>/moderation/
    "dialogue-moderation": (
        "dialogue",
        {
            "GET draft": "login 404   404   404   404   200   404   404   404   200   200",
            "GET open": "login 403   403   403   403   200   403   200   403   200   200",
            "GET closed": "login 403   403   403   403   200   403   200   403   200   200",
            "POST draft": "login 404   404   404   404   redir 404   404   404   redir redir",
            "POST open": "login 403   403   403   403   redir 403   redir 403   redir redir",
            "POST closed": "login 403   403   403   403   redir 403   redir 403   redir redir",
        },
    ),
    # dialogues/<int:pk>/moderation/log/
    "dialogue-moderation-log": (
        "dialogue",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   200   404   404   404   200   200",
            "POST open": "200   200   200   200   200   200   200   200   200   200   200",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # dialogues/<int:pk>/statements/new/
    "dialogue-statement-new": (
        "dialogue",
        {
            "GET draft": "login 405   405   405   405   405   405   405   405   405   405",
            "GET open": "login 405   405   405   405   405   405   405   405   405   405",
            "GET closed": "login 405   405   405   405   405   405   405   405   405   405",
            "POST draft": "login 404   404   404   404   403   404   404   404   403   redir",
            "POST open": "login 403   redir redir redir redir redir redir redir redir redir",
            "POST closed": "login 403   redir redir redir redir redir redir redir redir redir",
        },
    ),
    # dialogues/<int:pk>/statements/<int:statement_pk>/
    "dialogue-statement": (
        "dialogue",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   200   404   404   404   200   200",
            "POST open": "200   200   200   200   200   200   200   200   200   200   200",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # dialogues/<int:pk>/statements/<int:statement_pk>/vote/
    "dialogue-vote": (
        "dialogue",
        {
            "GET draft": "login 405   405   405   405   405   405   405   405   405   405",
            "GET open": "login 405   405   405   405   405   405   405   405   405   405",
            "GET closed": "login 405   405   405   405   405   405   405   405   405   405",
            "POST draft": "login 404   404   404   404   403   404   404   404   403   redir",
            "POST open": "login 403   redir redir redir redir redir redir redir redir redir",
            "POST closed": "login 403   redir redir redir redir redir redir redir redir redir",
        },
    ),
    # dialogues/<int:pk>/statements/<int:statement_pk>/reply/
    "dialogue-reply": (
        "dialogue",
        {
            "GET draft": "login 405   405   405   405   405   405   405   405   405   405",
            "GET open": "login 405   405   405   405   405   405   405   405   405   405",
            "GET closed": "login 405   405   405   405   405   405   405   405   405   405",
            "POST draft": "login 404   404   404   404   403   404   404   404   403   redir",
            "POST open": "login 403   redir redir redir redir redir redir redir redir redir",
            "POST closed": "login 403   redir redir redir redir redir redir redir redir redir",
        },
    ),
    # dialogues/<int:pk>/statements/<int:statement_pk>/report/
    "dialogue-report": (
        "dialogue",
        {
            "GET draft": "login 405   405   405   405   405   405   405   405   405   405",
            "GET open": "login 405   405   405   405   405   405   405   405   405   405",
            "GET closed": "login 405   405   405   405   405   405   405   405   405   405",
            "POST draft": "login 404   404   404   404   403   404   404   404   403   redir",
            "POST open": "login 403   redir redir redir redir redir redir redir redir redir",
            "POST closed": "login 403   redir redir redir redir redir redir redir redir redir",
        },
    ),
    # dialogues/<int:pk>/statements/<int:statement_pk>/replies/<int:reply_pk>/report/
    "dialogue-reply-report": (
        "dialogue",
        {
            "GET draft": "login 405   405   405   405   405   405   405   405   405   405",
            "GET open": "login 405   405   405   405   405   405   405   405   405   405",
            "GET closed": "login 405   405   405   405   405   405   405   405   405   405",
            "POST draft": "login 404   404   404   404   403   404   404   404   403   redir",
            "POST open": "login 403   redir redir redir redir redir redir redir redir redir",
            "POST closed": "login 403   redir redir redir redir redir redir redir redir redir",
        },
    ),
    # meetings/room/
    "meeting-room": (
        "-",
        {
            "GET -": "login 200   200   200   200   200   200   200   200   200   200",
            "POST -": "login 200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # meetings/new/
    "meeting-new-choose": (
        "-",
        {
            "GET -": "login 403   403   403   403   redir redir 403   403   redir 200",
            "POST -": "login 403   403   403   403   redir redir 403   403   redir 200",
        },
    ),
    # meetings/new/<slug:slug>/
    "meeting-new": (
        "organisation",
        {
            "GET -": "login 403   403   403   403   200   403   403   403   200   200",
            "POST -": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # meetings/<int:pk>/
    "meeting-detail": (
        "meeting",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # meetings/<int:pk>/edit/
    "meeting-edit": (
        "meeting",
        {
            "GET -": "login 403   403   403   403   200   403   403   403   200   200",
            "POST -": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # meetings/<int:pk>/cancel/
    "meeting-cancel": (
        "meeting",
        {
            "GET -": "login 403   403   403   403   200   403   403   403   200   200",
            "POST -": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # meetings/<int:pk>/facilitate/
    "meeting-facilitate": (
        "meeting",
        {
            "GET -": "login 403   403   403   403   200   403   200   403   200   200",
            "POST -": "login 403   403   403   403   404   403   404   403   404   404",
        },
    ),
    # meetings/<int:pk>/amendments/
    "meeting-amendment": (
        "meeting",
        {
            "GET -": "login 405   405   405   405   405   405   405   405   405   405",
            "POST -": "login redir redir redir redir redir redir redir redir redir redir",
        },
    ),
    # meetings/<int:pk>/register/
    "meeting-register": (
        "meeting",
        {
            "GET -": "login 405   405   405   405   405   405   405   405   405   405",
            "POST -": "login redir redir redir redir redir redir redir redir redir redir",
        },
    ),
    # meetings/<int:pk>/calendar.ics
    "meeting-calendar": (
        "meeting",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # statistics/
    "statistics-index": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "405   405   405   405   405   405   405   405   405   405   405",
        },
    ),
    # statistics/<slug:slug>/
    "statistics-organisation": (
        "organisation",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "405   405   405   405   405   405   405   405   405   405   405",
        },
    ),
    # statistics/<slug:slug>/areas/<int:pk>/
    "statistics-area": (
        "area",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "405   405   405   405   405   405   405   405   405   405   405",
        },
    ),
    # statistics/<slug:slug>/<str:kind>/<int:pk>/
    "statistics-process": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   404   404   404   404   404   404",
            "GET open": "404   404   404   404   404   404   404   404   404   404   404",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "405   405   405   405   405   405   405   405   405   405   405",
            "POST open": "405   405   405   405   405   405   405   405   405   405   405",
            "POST closed": "405   405   405   405   405   405   405   405   405   405   405",
        },
    ),
    # open-data/
    "opendata-catalogue": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # open-data/<slug:dataset>/
    "opendata-dataset": (
        "dataset",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # search/
    "search": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # sdg/
    "sdg-index": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # sdg/<int:number>/
    "sdg-goal": (
        "sdg",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # sdg/org/<slug:slug>/targets/
    "sdg-local-targets": (
        "sdg",
        {
            "GET -": "login 403   403   403   403   200   403   403   403   200   200",
            "POST -": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # sdg/org/<slug:slug>/targets/<int:pk>/
    "sdg-local-target-edit": (
        "sdg",
        {
            "GET -": "login 403   403   403   403   200   403   403   403   200   200",
            "POST -": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # sdg/org/<slug:slug>/targets/<int:pk>/delete/
    "sdg-local-target-delete": (
        "sdg",
        {
            "GET -": "login 405   405   405   405   405   405   405   405   405   405",
            "POST -": "login 403   403   403   403   redir 403   403   403   redir redir",
        },
    ),
    # api/v1/
    "api-root": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/me/
    "api-me": (
        "-",
        {
            "GET -": "401   200   200   200   200   200   200   200   200   200   200",
            "PATCH -": "401   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/me/export/
    "api-me-export": (
        "-",
        {
            "GET -": "401   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/me/delete/
    "api-me-delete": (
        "-",
        {
            "POST -": "401   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/me/verification/
    "api-me-verification": (
        "-",
        {
            "GET -": "401   200   200   200   200   200   200   200   200   200   200",
            "POST -": "401   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/organisations/<slug:slug>/verifications/
    "api-in-person-verification": (
        "organisation",
        {
            "POST -": "401   403   403   403   403   400   403   403   403   400   400",
        },
    ),
    # api/v1/notifications/preferences/
    "api-notification-preferences": (
        "-",
        {
            "GET -": "401   200   200   200   200   200   200   200   200   200   200",
            "PATCH -": "401   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/^organisations/$
    "api:organisation-list": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/^organisations/(?P<slug>[^/.]+)/$
    "api:organisation-detail": (
        "organisation",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/^areas/$
    "api:area-list": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/^areas/(?P<pk>[^/.]+)/$
    "api:area-detail": (
        "area",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/^consultations/$
    "api:consultation-list": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "401   404   404   404   404   404   404   404   404   404   404",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/$
    "api:consultation-detail": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "PATCH draft": "401   404   404   404   404   200   404   404   404   200   200",
            "PATCH open": "401   403   403   403   403   200   403   403   403   200   200",
            "PATCH closed": "401   403   403   403   403   409   403   403   403   409   409",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/answer/$
    "api:consultation-answer": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   404   404   404   404   404   404",
            "GET open": "404   404   404   404   404   404   404   404   404   404   404",
            "GET closed": "404   404   404   404   404   404   404   404   404   404   404",
            "PUT draft": "401   404   404   404   404   400   404   404   404   400   400",
            "PUT open": "401   403   403   403   403   400   403   403   403   400   400",
            "PUT closed": "401   403   403   403   403   400   403   403   403   400   400",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/answer-items/$
    "api:consultation-answer-items": (
        "consultation",
        {
            "POST draft": "401   404   404   404   404   400   404   404   404   400   400",
            "POST open": "401   403   403   403   403   400   403   403   403   400   400",
            "POST closed": "401   403   403   403   403   400   403   403   403   400   400",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/attachments/$
    "api:consultation-attachments": (
        "consultation",
        {
            "POST draft": "401   404   404   404   404   400   404   404   404   400   400",
            "POST open": "401   403   403   403   403   400   403   403   403   400   400",
            "POST closed": "401   403   403   403   403   400   403   403   403   400   400",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/close/$
    "api:consultation-close": (
        "consultation",
        {
            "POST draft": "401   404   404   404   404   409   404   404   404   409   409",
            "POST open": "401   403   403   403   403   200   403   403   403   200   200",
            "POST closed": "401   403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/comments/(?P<comment_id>\d+)/$
    "api:consultation-comment": (
        "consultation",
        {
            "PATCH draft": "401   404   404   404   404   404   404   404   404   404   404",
            "PATCH open": "401   403   403   403   403   404   403   404   403   404   404",
            "PATCH closed": "401   403   403   403   403   404   403   404   403   404   404",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/paragraphs/(?P<paragraph_id>\d+)/comments/$
    "api:consultation-comments": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "401   404   404   404   404   400   404   404   404   400   400",
            "POST open": "401   400   400   400   400   400   400   400   400   400   400",
            "POST closed": "401   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/diff/$
    "api:consultation-diff": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   404   404   404   404   404   404",
            "GET open": "404   404   404   404   404   404   404   404   404   404   404",
            "GET closed": "404   404   404   404   404   404   404   404   404   404   404",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/follow/$
    "api:consultation-follow": (
        "consultation",
        {
            "POST draft": "401   404   404   404   404   403   404   404   404   403   204",
            "POST open": "401   403   204   204   204   204   204   204   204   204   204",
            "POST closed": "401   403   204   204   204   204   204   204   204   204   204",
            "DELETE draft": "401   404   404   404   404   403   404   404   404   403   204",
            "DELETE open": "401   403   204   204   204   204   204   204   204   204   204",
            "DELETE closed": "401   403   204   204   204   204   204   204   204   204   204",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/my-response/$
    "api:consultation-my-response": (
        "consultation",
        {
            "GET draft": "401   404   404   404   404   200   404   404   404   200   200",
            "GET open": "401   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "401   200   200   200   200   200   200   200   200   200   200",
            "PUT draft": "401   404   404   404   404   400   404   404   404   400   400",
            "PUT open": "401   400   400   400   400   400   400   400   400   400   400",
            "PUT closed": "401   400   400   400   400   400   400   400   400   400   400",
            "POST draft": "401   404   404   404   404   400   404   404   404   400   400",
            "POST open": "401   400   400   400   400   400   400   400   400   400   400",
            "POST closed": "401   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/open/$
    "api:consultation-open": (
        "consultation",
        {
            "POST draft": "401   404   404   404   404   200   404   404   404   200   200",
            "POST open": "401   403   403   403   403   200   403   403   403   200   200",
            "POST closed": "401   403   403   403   403   409   403   403   403   409   409",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/questions/(?P<question_id>\d+)/$
    "api:consultation-question": (
        "consultation",
        {
            "PATCH draft": "401   404   404   404   404   200   404   404   404   200   200",
            "PATCH open": "401   403   403   403   403   200   403   403   403   200   200",
            "PATCH closed": "401   403   403   403   403   409   403   403   403   409   409",
            "DELETE draft": "401   404   404   404   404   204   404   404   404   204   204",
            "DELETE open": "401   403   403   403   403   204   403   403   403   204   204",
            "DELETE closed": "401   403   403   403   403   409   403   403   403   409   409",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/questions/$
    "api:consultation-questions": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "401   404   404   404   404   400   404   404   404   400   400",
            "POST open": "401   403   403   403   403   400   403   403   403   400   400",
            "POST closed": "401   403   403   403   403   409   403   403   403   409   409",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/paragraphs/(?P<paragraph_id>\d+)/rating/$
    "api:consultation-rating": (
        "consultation",
        {
            "PUT draft": "401   404   404   404   404   400   404   404   404   400   400",
            "PUT open": "401   400   400   400   400   400   400   400   400   400   400",
            "PUT closed": "401   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/results/$
    "api:consultation-results": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "403   403   403   403   403   200   403   403   403   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/schedule/$
    "api:consultation-schedule": (
        "consultation",
        {
            "POST draft": "401   404   404   404   404   200   404   404   404   200   200",
            "POST open": "401   403   403   403   403   409   403   403   403   409   409",
            "POST closed": "401   403   403   403   403   409   403   403   403   409   409",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/text-answers/(?P<text_id>[0-9a-f-]{36})/$
    "api:consultation-text-answer": (
        "consultation",
        {
            "PATCH draft": "401   404   404   404   404   404   404   404   404   404   404",
            "PATCH open": "401   403   403   403   403   404   403   404   403   404   404",
            "PATCH closed": "401   403   403   403   403   404   403   404   403   404   404",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/text-answers/$
    "api:consultation-text-answers": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "403   403   403   403   403   200   403   403   403   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/versions/(?P<number>\d+)/$
    "api:consultation-version": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/^consultations/(?P<pk>[^/.]+)/versions/$
    "api:consultation-versions": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "401   404   404   404   404   400   404   404   404   400   400",
            "POST open": "401   403   403   403   403   400   403   403   403   400   400",
            "POST closed": "401   403   403   403   403   400   403   403   403   400   400",
        },
    ),
    # api/v1/^organisations/(?P<organisation_slug>[-\w]+)/census-imports/$
    "api:census-import-list": (
        "organisation",
        {
            "GET -": "401   403   403   403   403   200   403   403   403   200   200",
            "POST -": "401   403   403   403   403   415   403   403   403   415   415",
        },
    ),
    # api/v1/^organisations/(?P<organisation_slug>[-\w]+)/census-imports/(?P<pk>[^/.]+)/$
    "api:census-import-detail": (
        "organisation",
        {
            "GET -": "401   403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # api/v1/^notifications/$
    "api:notification-list": (
        "-",
        {
            "GET -": "401   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/^notifications/read-all/$
    "api:notification-read-all": (
        "-",
        {
            "POST -": "401   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/^notifications/unread-count/$
    "api:notification-unread-count": (
        "-",
        {
            "GET -": "401   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/^notifications/(?P<pk>\d+)/read/$
    "api:notification-read": (
        "notification",
        {
            "POST -": "401   404   404   200   404   404   404   404   404   404   404",
        },
    ),
    # api/v1/^devices/$
    "api:device-list": (
        "-",
        {
            "GET -": "401   200   200   200   200   200   200   200   200   200   200",
            "POST -": "401   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/^devices/(?P<pk>\d+)/$
    "api:device-detail": (
        "device",
        {
            "DELETE -": "401   404   404   204   404   404   404   404   404   404   404",
        },
    ),
    # api/v1/budgets/<int:budget_id>/ballot/
    "api-ballot": (
        "budget",
        {
            "GET draft": "401   404   404   404   404   200   404   404   200   200   200",
            "GET open": "401   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "401   200   200   200   200   200   200   200   200   200   200",
            "GET unpublished": "401   200   200   200   200   200   200   200   200   200   200",
            "PUT draft": "401   400   400   400   400   400   400   400   400   400   400",
            "PUT open": "401   400   400   400   400   400   400   400   400   400   400",
            "PUT closed": "401   400   400   400   400   400   400   400   400   400   400",
            "PUT unpublished": "401   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/budgets/<int:budget_id>/desk-ballots/
    "api-desk-ballot": (
        "budget",
        {
            "POST draft": "401   403   403   403   403   400   403   403   403   400   400",
            "POST open": "401   403   403   403   403   400   403   403   403   400   400",
            "POST closed": "401   403   403   403   403   400   403   403   403   400   400",
            "POST unpublished": "401   403   403   403   403   400   403   403   403   400   400",
        },
    ),
    # api/v1/budgets/<int:budget_id>/paper-voters/
    "api-paper-voter": (
        "budget",
        {
            "POST draft": "401   403   403   403   403   400   403   403   403   400   400",
            "POST open": "401   403   403   403   403   400   403   403   403   400   400",
            "POST closed": "401   403   403   403   403   400   403   403   403   400   400",
            "POST unpublished": "401   403   403   403   403   400   403   403   403   400   400",
        },
    ),
    # api/v1/budgets/<int:budget_id>/paper-batches/
    "api-paper-batch": (
        "budget",
        {
            "POST draft": "401   403   403   403   403   400   403   403   403   400   400",
            "POST open": "401   403   403   403   403   400   403   403   403   400   400",
            "POST closed": "401   403   403   403   403   400   403   403   403   400   400",
            "POST unpublished": "401   403   403   403   403   400   403   403   403   400   400",
        },
    ),
    # api/v1/paper-batches/<int:batch_id>/confirm/
    "api-paper-batch-confirm": (
        "batch",
        {
            "POST -": "401   403   403   403   403   403   403   403   403   409   409",
        },
    ),
    # api/v1/^rounds/$
    "budgeting-api:round-list": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/^rounds/(?P<slug>[^/.]+)/$
    "budgeting-api:round-detail": (
        "round",
        {
            "GET draft": "404   404   404   404   404   200   404   404   200   200   404",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/^rounds/(?P<slug>[^/.]+)/eligibility/$
    "budgeting-api:round-eligibility": (
        "round",
        {
            "GET draft": "404   404   404   404   404   200   404   404   200   200   404",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/^rounds/(?P<slug>[^/.]+)/items/$
    "budgeting-api:round-items": (
        "round",
        {
            "GET draft": "404   404   404   404   404   200   404   404   200   200   404",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   400   404   404   400   400   404",
            "POST open": "403   400   400   400   400   400   400   400   400   400   400",
            "POST closed": "403   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/^rounds/(?P<slug>[^/.]+)/phase/$
    "budgeting-api:round-phase": (
        "round",
        {
            "POST draft": "401   404   404   404   404   400   404   404   403   400   404",
            "POST open": "401   403   403   403   403   400   403   403   403   400   400",
            "POST closed": "401   403   403   403   403   400   403   403   403   400   400",
        },
    ),
    # api/v1/^items/(?P<pk>\d+)/$
    "budgeting-api:item-detail": (
        "item",
        {
            "GET draft": "404   404   404   404   404   404   404   404   404   404   404",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "PATCH draft": "404   404   404   404   404   404   404   404   404   404   404",
            "PATCH open": "403   403   400   403   403   403   403   403   403   403   403",
            "PATCH closed": "403   403   403   400   403   403   403   403   403   403   403",
        },
    ),
    # api/v1/^items/(?P<pk>\d+)/assessment/$
    "budgeting-api:item-assessment": (
        "item",
        {
            "POST draft": "401   404   404   404   404   404   404   404   404   404   404",
            "POST open": "401   403   403   403   403   400   403   403   400   400   400",
            "POST closed": "401   403   403   403   403   400   403   403   400   400   400",
        },
    ),
    # api/v1/^items/(?P<pk>\d+)/attachments/$
    "budgeting-api:item-attachments": (
        "item",
        {
            "POST draft": "401   415   415   415   415   415   415   415   415   415   415",
            "POST open": "401   415   415   415   415   415   415   415   415   415   415",
            "POST closed": "401   415   415   415   415   415   415   415   415   415   415",
        },
    ),
    # api/v1/^items/(?P<pk>\d+)/ballot-decision/$
    "budgeting-api:item-ballot-decision": (
        "item",
        {
            "POST draft": "401   404   404   404   404   404   404   404   404   404   404",
            "POST open": "401   403   403   403   403   400   403   403   403   400   400",
            "POST closed": "401   403   403   403   403   400   403   403   403   400   400",
        },
    ),
    # api/v1/^items/(?P<pk>\d+)/comments/$
    "budgeting-api:item-comments": (
        "item",
        {
            "GET draft": "404   404   404   404   404   404   404   404   404   404   404",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   404   404   404   404   404   404",
            "POST open": "400   400   400   400   400   400   400   400   400   400   400",
            "POST closed": "400   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/^items/(?P<pk>\d+)/support/$
    "budgeting-api:item-support": (
        "item",
        {
            "POST draft": "401   404   404   404   404   404   404   404   404   404   404",
            "POST open": "401   400   400   400   400   400   400   400   400   400   400",
            "POST closed": "401   400   400   400   400   400   400   400   400   400   400",
            "DELETE draft": "401   404   404   404   404   404   404   404   404   404   404",
            "DELETE open": "401   400   400   400   400   400   400   400   400   400   400",
            "DELETE closed": "401   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/^items/(?P<pk>\d+)/withdraw/$
    "budgeting-api:item-withdraw": (
        "item",
        {
            "POST draft": "401   404   404   404   404   404   404   404   404   404   404",
            "POST open": "401   403   400   403   403   403   403   403   403   403   403",
            "POST closed": "401   403   403   400   403   403   403   403   403   403   403",
        },
    ),
    # api/v1/budgets/<int:budget_id>/result/
    "api-result": (
        "budget",
        {
            "GET draft": "404   404   404   404   404   404   404   404   404   404   404",
            "GET open": "404   404   404   404   404   404   404   404   404   404   404",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "GET unpublished": "404   404   404   404   404   200   404   404   404   200   200",
        },
    ),
    # api/v1/budgets/<int:budget_id>/result/compute/
    "api-result-compute": (
        "budget",
        {
            "POST draft": "401   403   403   403   403   409   403   403   403   409   409",
            "POST open": "401   403   403   403   403   409   403   403   403   409   409",
            "POST closed": "401   403   403   403   403   409   403   403   403   409   409",
            "POST unpublished": "401   403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # api/v1/budgets/<int:budget_id>/result/publish/
    "api-result-publish": (
        "budget",
        {
            "POST draft": "401   403   403   403   403   409   403   403   403   409   409",
            "POST open": "401   403   403   403   403   409   403   403   403   409   409",
            "POST closed": "401   403   403   403   403   200   403   403   403   200   200",
            "POST unpublished": "401   403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # api/v1/budgets/<int:budget_id>/anonymised-ballots/
    "api-anonymised-ballots": (
        "budget",
        {
            "GET draft": "404   404   404   404   404   404   404   404   404   404   404",
            "GET open": "404   404   404   404   404   404   404   404   404   404   404",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "GET unpublished": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/budgets/<int:budget_id>/export.pb
    "api-pabulib-export": (
        "budget",
        {
            "GET draft": "404   404   404   404   404   404   404   404   404   404   404",
            "GET open": "404   404   404   404   404   404   404   404   404   404   404",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "GET unpublished": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/pabulib-imports/
    "api-pabulib-import": (
        "-",
        {
            "POST -": "401   415   415   415   415   415   415   415   415   415   415",
        },
    ),
    # api/v1/receipts/check/
    "api-receipt-check": (
        "-",
        {
            "POST -": "400   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/^projects/$
    "budgeting-results-api:project-list": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/^projects/(?P<pk>\d+)/$
    "budgeting-results-api:project-detail": (
        "project",
        {
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "PATCH closed": "401   403   403   403   403   400   403   403   403   400   400",
        },
    ),
    # api/v1/^projects/(?P<pk>\d+)/milestones/$
    "budgeting-results-api:project-milestones": (
        "project",
        {
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST closed": "401   403   403   403   403   400   403   403   403   400   400",
        },
    ),
    # api/v1/dialogues/
    "api-dialogue-list": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "401   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/dialogues/<int:pk>/
    "api-dialogue-detail": (
        "dialogue",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "PATCH draft": "401   404   404   404   404   200   404   404   404   200   200",
            "PATCH open": "401   403   403   403   403   200   403   403   403   200   200",
            "PATCH closed": "401   403   403   403   403   409   403   403   403   409   409",
        },
    ),
    # api/v1/dialogues/<int:pk>/phase/
    "api-dialogue-phase": (
        "dialogue",
        {
            "POST draft": "401   404   404   404   404   400   404   404   404   400   400",
            "POST open": "401   403   403   403   403   400   403   403   403   400   400",
            "POST closed": "401   403   403   403   403   400   403   403   403   400   400",
        },
    ),
    # api/v1/dialogues/<int:pk>/statements/
    "api-dialogue-statements": (
        "dialogue",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "401   404   404   404   404   400   404   404   404   400   400",
            "POST open": "401   400   400   400   400   400   400   400   400   400   400",
            "POST closed": "401   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/dialogues/<int:pk>/statements/import/
    "api-dialogue-import": (
        "dialogue",
        {
            "POST draft": "401   404   404   404   404   415   404   404   404   415   415",
            "POST open": "401   403   403   403   403   415   403   403   403   415   415",
            "POST closed": "401   403   403   403   403   415   403   403   403   415   415",
        },
    ),
    # api/v1/dialogues/<int:pk>/next/
    "api-dialogue-next": (
        "dialogue",
        {
            "GET draft": "401   404   404   404   404   200   404   404   404   200   200",
            "GET open": "401   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "401   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/dialogues/<int:pk>/my-votes/
    "api-dialogue-my-votes": (
        "dialogue",
        {
            "GET draft": "401   404   404   404   404   200   404   404   404   200   200",
            "GET open": "401   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "401   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/dialogues/<int:pk>/snapshot/
    "api-dialogue-snapshot": (
        "dialogue",
        {
            "GET draft": "404   404   404   404   404   204   404   404   404   204   204",
            "GET open": "204   204   204   204   204   204   204   204   204   204   204",
            "GET closed": "204   204   204   204   204   204   204   204   204   204   204",
        },
    ),
    # api/v1/dialogues/<int:pk>/responses/
    "api-dialogue-responses": (
        "dialogue",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "401   404   404   404   404   400   404   404   404   400   400",
            "POST open": "401   403   403   403   403   400   403   403   403   400   400",
            "POST closed": "401   403   403   403   403   400   403   403   403   400   400",
        },
    ),
    # api/v1/dialogues/<int:pk>/moderation/queue/
    "api-dialogue-moderation-queue": (
        "dialogue",
        {
            "GET draft": "401   404   404   404   404   200   404   404   404   200   200",
            "GET open": "401   403   403   403   403   200   403   200   403   200   200",
            "GET closed": "401   403   403   403   403   200   403   200   403   200   200",
        },
    ),
    # api/v1/dialogues/<int:pk>/moderation/log/
    "api-dialogue-moderation-log": (
        "dialogue",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/dialogues/statements/<int:statement_pk>/vote/
    "api-statement-vote": (
        "dialogue",
        {
            "POST draft": "401   404   404   404   404   403   404   404   404   403   400",
            "POST open": "401   403   400   400   400   400   400   400   400   400   400",
            "POST closed": "401   403   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/dialogues/statements/<int:statement_pk>/replies/
    "api-statement-replies": (
        "dialogue",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "401   404   404   404   404   403   404   404   404   403   400",
            "POST open": "401   403   400   400   400   400   400   400   400   400   400",
            "POST closed": "401   403   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/dialogues/statements/<int:statement_pk>/reports/
    "api-statement-reports": (
        "dialogue",
        {
            "POST draft": "401   404   404   404   404   403   404   404   404   403   400",
            "POST open": "401   403   400   400   400   400   400   400   400   400   400",
            "POST closed": "401   403   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/dialogues/statements/<int:statement_pk>/moderate/
    "api-statement-moderate": (
        "dialogue",
        {
            "POST draft": "401   404   404   404   404   400   404   404   404   400   400",
            "POST open": "401   403   403   403   403   400   403   400   403   400   400",
            "POST closed": "401   403   403   403   403   400   403   400   403   400   400",
        },
    ),
    # api/v1/dialogues/replies/<int:reply_pk>/reports/
    "api-reply-reports": (
        "dialogue",
        {
            "POST draft": "401   404   404   404   404   403   404   404   404   403   400",
            "POST open": "401   403   400   400   400   400   400   400   400   400   400",
            "POST closed": "401   403   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/dialogues/replies/<int:reply_pk>/moderate/
    "api-reply-moderate": (
        "dialogue",
        {
            "POST draft": "401   404   404   404   404   400   404   404   404   400   400",
            "POST open": "401   403   403   403   403   400   403   400   403   400   400",
            "POST closed": "401   403   403   403   403   400   403   400   403   400   400",
        },
    ),
    # api/v1/meetings/
    "api-meeting-list": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "401   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/meetings/room/vote/
    "api-meeting-room-vote": (
        "-",
        {
            "POST -": "401   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/meetings/<int:pk>/
    "api-meeting-detail": (
        "meeting",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "PATCH -": "401   403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # api/v1/meetings/<int:pk>/registration/
    "api-meeting-registration": (
        "meeting",
        {
            "POST -": "401   403   201   201   201   201   201   201   201   201   201",
            "DELETE -": "401   403   409   409   409   409   409   409   409   409   409",
        },
    ),
    # api/v1/meetings/<int:pk>/cancel/
    "api-meeting-cancel": (
        "meeting",
        {
            "POST -": "401   403   403   403   403   400   403   403   403   400   400",
        },
    ),
    # api/v1/meetings/<int:pk>/room/
    "api-meeting-room": (
        "meeting",
        {
            "GET -": "401   403   403   403   403   200   403   200   403   200   200",
        },
    ),
    # api/v1/meetings/<int:pk>/room/session/
    "api-meeting-session": (
        "meeting",
        {
            "POST -": "401   403   403   403   403   400   403   400   403   400   400",
        },
    ),
    # api/v1/meetings/<int:pk>/room/statements/
    "api-meeting-room-statements": (
        "meeting",
        {
            "POST -": "401   403   403   403   403   400   403   400   403   400   400",
        },
    ),
    # api/v1/meetings/<int:pk>/room/hand-counts/
    "api-meeting-hand-counts": (
        "meeting",
        {
            "GET -": "401   403   403   403   403   200   403   200   403   200   200",
            "POST -": "401   403   403   403   403   400   403   400   403   400   400",
        },
    ),
    # api/v1/meetings/<int:pk>/room/attendance/
    "api-meeting-attendance": (
        "meeting",
        {
            "POST -": "401   403   403   403   403   400   403   400   403   400   400",
        },
    ),
    # api/v1/meetings/<int:pk>/minutes/
    "api-meeting-minutes": (
        "meeting",
        {
            "POST -": "401   403   403   403   403   400   403   400   403   400   400",
        },
    ),
    # api/v1/meetings/<int:pk>/minutes/amendment-window/
    "api-meeting-amendment-window": (
        "meeting",
        {
            "POST -": "401   403   403   403   403   400   403   400   403   400   400",
        },
    ),
    # api/v1/meetings/<int:pk>/minutes/final/
    "api-meeting-minutes-final": (
        "meeting",
        {
            "POST -": "401   403   403   403   403   409   403   409   403   409   409",
        },
    ),
    # api/v1/meetings/<int:pk>/minutes/amendments/
    "api-meeting-amendments": (
        "meeting",
        {
            "GET -": "401   403   403   403   403   200   403   200   403   200   200",
            "POST -": "401   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/meetings/<int:pk>/calendar.ics
    "api-meeting-calendar": (
        "meeting",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/statistics/organisations/<slug:slug>/
    "api-statistics-organisation": (
        "organisation",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/statistics/organisations/<slug:slug>/areas/<int:pk>/
    "api-statistics-area": (
        "area",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/statistics/organisations/<slug:slug>/processes/<str:kind>/<int:pk>/
    "api-statistics-process": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   404   404   404   404   404   404",
            "GET open": "404   404   404   404   404   404   404   404   404   404   404",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/open-data/
    "api-opendata": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/open-data/<slug:dataset>/
    "api-opendata-dataset": (
        "dataset",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/open-data/<slug:dataset>/files/
    "api-opendata-files": (
        "dataset",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/search/
    "api-search": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/sdg/goals/
    "api-sdg-goals": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/sdg/goals/<int:number>/
    "api-sdg-goal": (
        "sdg",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/sdg/goals/<int:number>/targets/
    "api-sdg-goal-targets": (
        "sdg",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/sdg/local-targets/
    "api-sdg-local-targets": (
        "-",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "401   400   400   400   400   400   400   400   400   400   400",
        },
    ),
    # api/v1/sdg/local-targets/<int:pk>/
    "api-sdg-local-target": (
        "sdg",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "PATCH -": "401   403   403   403   403   200   403   403   403   200   200",
            "DELETE -": "401   403   403   403   403   204   403   403   403   204   204",
        },
    ),
    # statistics/<slug:slug>/report/
    "statistics-report": (
        "organisation",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "405   405   405   405   405   405   405   405   405   405   405",
        },
    ),
    # statistics/<slug:slug>/report.pdf
    "statistics-report-pdf": (
        "organisation",
        {
            "GET -": "200   200   200   200   200   200   200   200   200   200   200",
            "POST -": "405   405   405   405   405   405   405   405   405   405   405",
        },
    ),
    # audit/org/<slug:slug>/
    "audit-organisation": (
        "organisation",
        {
            "GET -": "login 403   403   403   403   200   403   403   403   200   200",
            "POST -": "login 403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # audit/<str:process_type>/<int:pk>/
    "audit-process": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   200   404   404   404   200   200",
            "POST open": "200   200   200   200   200   200   200   200   200   200   200",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # api/v1/audit/organisations/<slug:slug>/
    "api-audit-organisation": (
        "organisation",
        {
            "GET -": "401   403   403   403   403   200   403   403   403   200   200",
        },
    ),
    # api/v1/audit/<str:process_type>/<int:pk>/
    "api-audit-process": (
        "consultation",
        {
            "GET draft": "404   404   404   404   404   200   404   404   404   200   200",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # open-data/ballots/<slug:organisation>/<slug:process>/<slug:area>.pb
    "opendata-ballots": (
        "opendata",
        {
            "GET draft": "404   404   404   404   404   404   404   404   404   404   404",
            "GET open": "404   404   404   404   404   404   404   404   404   404   404",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   404   404   404   404   404   404",
            "POST open": "404   404   404   404   404   404   404   404   404   404   404",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # open-data/<slug:dataset>/<slug:organisation>/<slug:process>.csv
    "opendata-csv": (
        "opendata",
        {
            "GET draft": "404   404   404   404   404   404   404   404   404   404   404",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   404   404   404   404   404   404",
            "POST open": "200   200   200   200   200   200   200   200   200   200   200",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
    # open-data/<slug:dataset>/<slug:organisation>/<slug:process>.json
    "opendata-json": (
        "opendata",
        {
            "GET draft": "404   404   404   404   404   404   404   404   404   404   404",
            "GET open": "200   200   200   200   200   200   200   200   200   200   200",
            "GET closed": "200   200   200   200   200   200   200   200   200   200   200",
            "POST draft": "404   404   404   404   404   404   404   404   404   404   404",
            "POST open": "200   200   200   200   200   200   200   200   200   200   200",
            "POST closed": "200   200   200   200   200   200   200   200   200   200   200",
        },
    ),
}
