"""DRF permission classes backed by the rules registry."""

from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.views import APIView


class HasObjectPermission(BasePermission):
    """Checks the view's ``object_permission`` rule against the object."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        return True

    def has_object_permission(self, request: Request, view: APIView, obj: Any) -> bool:
        permission: str = view.object_permission  # type: ignore[attr-defined]
        return bool(request.user.has_perm(permission, obj))
