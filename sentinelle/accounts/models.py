"""Staff members, their roles and their region."""

from __future__ import annotations

import hashlib
import secrets
from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentinelle.lib.i18n import BilingualName


class Region(BilingualName):
    """A region of the program. National HQ sees every region."""

    NATIONAL = "HQ"

    code = models.CharField(_("code"), max_length=8, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/Toronto")

    class Meta:
        ordering = ["id"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    @property
    def is_national(self) -> bool:
        return self.code == self.NATIONAL


class RoleCode(models.TextChoices):
    INTAKE_AGENT = "intake_agent", _("Intake agent")
    INVESTIGATOR = "investigator", _("Investigator")
    TEAM_LEAD = "team_lead", _("Team lead")
    QC_REVIEWER = "qc_reviewer", _("Quality control reviewer")
    NATIONAL_ANALYST = "national_analyst", _("National analyst")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
    ADMINISTRATOR = "administrator", _("Administrator")


class Role(BilingualName):
    code = models.CharField(_("code"), max_length=32, unique=True, choices=RoleCode.choices)

    class Meta:
        ordering = ["id"]
        verbose_name = _("role")
        verbose_name_plural = _("roles")


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        if not email:
            raise ValueError("A staff account needs an e-mail address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A staff member. Workers never have an account."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, related_name="staff", verbose_name=_("region")
    )
    roles = models.ManyToManyField(Role, blank=True, related_name="staff", verbose_name=_("roles"))
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("fr", "Français"), ("en", "English")],
        default="fr",
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    # The last day of employment, once known: the download watch looks harder
    # at what someone leaving takes with them.
    leaves_on = models.DateField(
        _("end date"), null=True, blank=True,
        help_text=_("Last day of employment, once known."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def role_codes(self) -> frozenset[str]:
        if not self.is_active or self.pk is None:
            return frozenset()
        return frozenset(self.roles.values_list("code", flat=True))

    def has_role(self, *codes: str) -> bool:
        return bool(self.role_codes.intersection(codes))

    @property
    def is_national(self) -> bool:
        return self.region is not None and self.region.is_national


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is kept; it is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def digest_of(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @staticmethod
    def new_raw_token() -> str:
        return "snt_" + secrets.token_urlsafe(32)

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class Notification(models.Model):
    """Something a staff member must see, shown in the navigation until read.

    The text is not stored: `kind` names a sentence (see accounts.notifications)
    filled with `params` in the reader's language when it is shown."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=64)
    params = models.JSONField(default=dict, blank=True)
    url_name = models.CharField(max_length=100, blank=True)
    url_args = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "read_at"])]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return str(self.text)

    @property
    def text(self) -> str:
        from sentinelle.accounts.notifications import text_of

        return text_of(self)

    @property
    def target_url(self) -> str:
        from django.urls import NoReverseMatch, reverse

        try:
            return reverse(self.url_name, args=self.url_args) if self.url_name else ""
        except NoReverseMatch:
            return ""
