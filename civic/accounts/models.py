"""People: the user account, staff roles in organisations, and resident verification."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from civic.places.models import Area, CensusEntry, Organisation


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class Gender(models.TextChoices):
    """Self-declared and optional; published only as suppressed counts in statistics."""

    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    ANOTHER = "another", _("Another gender")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Signs in with an email address."""

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(
        _("display name"),
        max_length=80,
        blank=True,
        help_text=_("Shown next to what you write. Leave empty to appear as 'Resident'."),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    gender = models.CharField(
        _("gender"),
        max_length=12,
        choices=Gender.choices,
        blank=True,
        help_text=_(
            "Optional. Counted only in anonymous participation statistics, never shown with "
            "your name."
        ),
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("May sign in to the administration site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        # A superuser without a second factor holds no powers at all (not even as admin).
        if self.is_active and self.is_superuser:
            from civic.accounts.predicates import user_has_mfa

            if not user_has_mfa(self):
                return False
        return super().has_perm(perm, obj)

    def has_module_perms(self, app_label: str) -> bool:
        if self.is_active and self.is_superuser:
            from civic.accounts.predicates import user_has_mfa

            if not user_has_mfa(self):
                return False
        return super().has_module_perms(app_label)

    @property
    def public_name(self) -> str:
        return self.display_name or str(_("Resident"))


class Role(models.TextChoices):
    OFFICIAL = "official", _("Official")
    MODERATOR = "moderator", _("Moderator")
    ASSESSOR = "assessor", _("Assessor")
    ADMINISTRATOR = "administrator", _("Administrator")


class Membership(models.Model):
    """A staff role held in one organisation. Residents hold none."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    granted_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="membership_unique_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class Verification(models.Model):
    """Proof that an account belongs to a resident of an organisation's city.

    It yields the resident's area (and so every area above it) and birth year, which
    later decide audiences and ballot eligibility.
    """

    class Method(models.TextChoices):
        CENSUS = "census", _("Census match")
        IN_PERSON = "in_person", _("In person")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="verifications")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="verifications"
    )
    method = models.CharField(_("method"), max_length=12, choices=Method.choices)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="verifications")
    birth_year = models.PositiveSmallIntegerField(_("birth year"))
    # One census identity verifies at most one account.
    census_entry = models.OneToOneField(
        CensusEntry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verification",
    )
    verified_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verified by"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    verified_at = models.DateTimeField(_("verified"), default=timezone.now)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"], name="verification_one_per_organisation"
            ),
            models.CheckConstraint(
                condition=~Q(method="in_person") | Q(verified_by__isnull=False),
                name="verification_in_person_has_official",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organisation} · {self.get_method_display()}"

    def age_on(self, year: int) -> int:
        """Age reached during ``year`` (census files carry a birth year, not a date)."""
        return year - self.birth_year
