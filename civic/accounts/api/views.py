"""API for the signed-in person: profile, verification, personal data."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from civic.accounts.api.serializers import (
    CensusVerificationInputSerializer,
    InPersonVerificationInputSerializer,
    MeSerializer,
    MeUpdateSerializer,
    VerificationSerializer,
    VerificationStatusSerializer,
)
from civic.accounts.predicates import has_verified_email
from civic.accounts.selectors.users import user_by_email, user_profile
from civic.accounts.services.personal_data import account_delete, personal_data_export
from civic.accounts.services.profile import user_profile_update
from civic.accounts.services.verification import (
    verification_by_census,
    verification_in_person,
)
from civic.api_permissions import HasObjectPermission
from civic.errors import DomainError
from civic.http import acting_user
from civic.places.models import Area, Organisation


class MeView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_scope = "writes"

    @extend_schema(responses=MeSerializer, summary="The signed-in person's profile")
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(user_profile(user=acting_user(request))).data)

    @extend_schema(
        request=MeUpdateSerializer,
        responses=MeSerializer,
        summary="Change display name or preferred language",
    )
    def patch(self, request: Request) -> Response:
        serializer = MeUpdateSerializer(data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        user_profile_update(user=acting_user(request), **serializer.validated_data)
        return Response(MeSerializer(user_profile(user=acting_user(request))).data)


class MeExportView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses={200: {"type": "object"}},
        summary="Download everything the platform holds about me",
    )
    def get(self, request: Request) -> Response:
        return Response(personal_data_export(user=acting_user(request)))


class MeDeleteView(APIView):
    permission_classes = [IsAuthenticated]
    throttle_scope = "writes"

    @extend_schema(
        request=inline_serializer("AccountDeleteInput", {"password": serializers.CharField()}),
        responses={204: None},
        summary="Delete my account (contributions stay, anonymised)",
    )
    def post(self, request: Request) -> Response:
        password = str(request.data.get("password", "")) if isinstance(request.data, dict) else ""
        if not acting_user(request).check_password(password):
            raise DomainError(_("The password is not correct."), field="password")
        account_delete(user=acting_user(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MeVerificationView(APIView):
    permission_classes = [IsAuthenticated]

    def get_throttles(self) -> list[BaseThrottle]:
        # Census matching is throttled hard so the census cannot be probed.
        self.throttle_scope = "verification" if self.request.method == "POST" else ""
        return super().get_throttles()

    @extend_schema(responses=VerificationStatusSerializer, summary="My verification status")
    def get(self, request: Request) -> Response:
        user = user_profile(user=acting_user(request))
        return Response(
            VerificationStatusSerializer(
                {
                    "verified": bool(user.verifications.all()),
                    "email_verified": user.email_verified,  # type: ignore[attr-defined]
                    "verifications": user.verifications.all(),
                }
            ).data
        )

    @extend_schema(
        request=CensusVerificationInputSerializer,
        responses={201: VerificationSerializer},
        summary="Verify as a resident by matching the census",
    )
    def post(self, request: Request) -> Response:
        if not has_verified_email(request.user):
            raise DomainError(
                _("Confirm your email address first."), field="email", code="email_unverified"
            )
        serializer = CensusVerificationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        verification = verification_by_census(
            user=acting_user(request), **serializer.validated_data
        )
        return Response(VerificationSerializer(verification).data, status=status.HTTP_201_CREATED)


class InPersonVerificationView(APIView):
    """An official records a resident verified at a desk."""

    permission_classes = [IsAuthenticated, HasObjectPermission]
    object_permission = "accounts.verify_in_person"
    throttle_scope = "writes"

    @extend_schema(
        request=InPersonVerificationInputSerializer,
        responses={201: VerificationSerializer},
        summary="Verify a resident in person (officials)",
    )
    def post(self, request: Request, slug: str) -> Response:
        organisation = get_object_or_404(Organisation, slug=slug)
        self.check_object_permissions(request, organisation)
        serializer = InPersonVerificationInputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        resident = user_by_email(email=data["email"])
        if resident is None:
            raise DomainError(_("No account uses this email address."), field="email")
        area = Area.objects.filter(organisation=organisation, code=data["area"]).first()
        if area is None:
            raise DomainError(_("Unknown area code."), field="area")
        verification = verification_in_person(
            actor=acting_user(request),
            user=resident,
            organisation=organisation,
            area=area,
            birth_year=data["birth_year"],
            note=data.get("note", ""),
        )
        return Response(VerificationSerializer(verification).data, status=status.HTTP_201_CREATED)
