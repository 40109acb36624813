from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation


def site(request: HttpRequest) -> dict[str, Any]:
    return {
        "SITE_NAME": "Civic Square",
        "LANGUAGE_BIDI": translation.get_language_bidi(),
        "AVAILABLE_LANGUAGES": settings.LANGUAGES,
    }
