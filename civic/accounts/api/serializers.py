"""API shapes for the current person: profile and verification."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from civic.accounts.models import Membership, User, Verification
from civic.places.models import Organisation


class MembershipSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField[Any](slug_field="slug", read_only=True)

    class Meta:
        model = Membership
        fields = ["organisation", "role"]


class VerificationSerializer(serializers.ModelSerializer):
    organisation = serializers.SlugRelatedField[Any](slug_field="slug", read_only=True)
    area = serializers.SlugRelatedField[Any](slug_field="code", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = Verification
        fields = ["organisation", "method", "area", "area_name", "birth_year", "verified_at"]


class MeSerializer(serializers.ModelSerializer):
    email_verified = serializers.BooleanField(read_only=True)
    mfa_enabled = serializers.BooleanField(read_only=True)
    memberships = MembershipSerializer(many=True, read_only=True)
    verifications = VerificationSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "email",
            "display_name",
            "preferred_language",
            "date_joined",
            "email_verified",
            "mfa_enabled",
            "memberships",
            "verifications",
        ]
        read_only_fields = ["id", "email", "date_joined"]


class MeUpdateSerializer(serializers.ModelSerializer):
    preferred_language = serializers.ChoiceField(choices=settings.LANGUAGES, required=False)

    class Meta:
        model = User
        fields = ["display_name", "preferred_language"]


class CensusVerificationInputSerializer(serializers.Serializer):
    organisation = serializers.SlugRelatedField[Any](
        slug_field="slug",
        queryset=Organisation.objects.filter(parent__isnull=True),
        help_text=_("The city whose census to match."),
    )
    identifier = serializers.CharField(max_length=64, trim_whitespace=True)
    birth_year = serializers.IntegerField(min_value=1880, max_value=2200)


class InPersonVerificationInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    area = serializers.SlugField(help_text=_("Area code within the organisation."))
    birth_year = serializers.IntegerField(min_value=1880, max_value=2200)
    note = serializers.CharField(max_length=200, required=False, allow_blank=True)


class VerificationStatusSerializer(serializers.Serializer):
    verified = serializers.BooleanField()
    email_verified = serializers.BooleanField()
    verifications = VerificationSerializer(many=True)
