"""Staff members, their roles and their region."""

from __future__ import annotations

import hashlib
import secrets
import zoneinfo
from datetime import date
from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sentinelle.lib.i18n import BilingualName, VersionedText
from sentinelle.lib.locking import Versioned


class RegionQuerySet(models.QuerySet["Region"]):
    def chosen_among_by(self, user: User) -> RegionQuerySet:
        """The operating regions whose figures a staff member may choose between:
        every one for National HQ, their own for anyone else."""
        operating = self.exclude(code=Region.NATIONAL)
        return operating if user.is_national else operating.filter(pk=user.region_id)


class Region(BilingualName):
    """A region of the program. National HQ sees every region."""

    NATIONAL = "HQ"

    code = models.CharField(_("code"), max_length=8, unique=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="America/Toronto")

    objects = RegionQuerySet.as_manager()

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
    MANAGER = "manager", _("Manager")
    SECRETARIAT = "secretariat", _("Working-group secretariat")


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

    @property
    def has_left(self) -> bool:
        """True once the end date has passed in the staff member's region: the
        account then works no more than a deactivated one."""
        if self.leaves_on is None:
            return False
        zone = zoneinfo.ZoneInfo(self.region.time_zone) if self.region is not None else None
        return timezone.localdate(timezone=zone) > self.leaves_on


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


# The post-employment rules bind a former staff member for this long after their
# end date (Règlement sur l'éthique et la discipline dans la fonction publique,
# art. 11 and 12: "au cours de l'année qui a précédé la cessation de ses fonctions";
# the department's guide on leaving).
POST_EMPLOYMENT_YEARS = 1


def post_employment_ends(leaves_on: date) -> date:
    """The last day the post-employment rules bind someone whose last day of
    employment is `leaves_on`: one year later (28 February after a 29 February)."""
    try:
        return leaves_on.replace(year=leaves_on.year + POST_EMPLOYMENT_YEARS)
    except ValueError:
        return leaves_on.replace(year=leaves_on.year + POST_EMPLOYMENT_YEARS, day=28)


def within_post_employment(leaves_on: date | None, day: date) -> bool:
    """`day` falls after the end date and within the year the rules bind."""
    return leaves_on is not None and leaves_on < day <= post_employment_ends(leaves_on)


class PostEmploymentRules(VersionedText):
    """The post-employment rules a departing staff member acknowledges, in French
    and English, one version after another; an acknowledgement keeps its version."""

    class Meta(VersionedText.Meta):
        verbose_name = _("post-employment rules")
        verbose_name_plural = _("post-employment rules")


class DepartureQuerySet(models.QuerySet["Departure"]):
    def visible_to(self, user: User) -> DepartureQuerySet:
        """Outside National HQ, the departures of staff of one's own region (`lib.access.visible_to`)."""
        return self.filter(user__region_id=user.region_id)


class Departure(Versioned):
    """The departure checklist of a staff member, opened when their end date is set.

    Three items, each signed off by its own person:
    - material and documents returned: a team lead of the person's region or an
      administrator (never the departing person themself);
    - access removed at the end date: done by the system itself once the end date
      has passed or the account is deactivated (nobody signs it);
    - the post-employment rules acknowledged: the departing person themself, who
      signs the version in force (kept with the acknowledgement).
    The end date is the account's (`User.leaves_on`); clearing it cancels nothing
    recorded, and the checklist then shows no departure in progress."""

    user = models.OneToOneField(User, on_delete=models.PROTECT, related_name="departure",
                                verbose_name=_("staff member"))
    opened_at = models.DateTimeField(_("opened"), default=timezone.now, editable=False)
    material_returned_at = models.DateTimeField(_("material returned, signed off"), null=True, blank=True)
    material_returned_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT,
                                             related_name="+", verbose_name=_("material returned, signed off by"))
    material_note = models.TextField(_("what was returned"), max_length=2000, blank=True)
    rules_acknowledged_at = models.DateTimeField(_("post-employment rules acknowledged"), null=True, blank=True)
    rules_text = models.ForeignKey(PostEmploymentRules, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="acknowledgements", verbose_name=_("version acknowledged"))

    objects = DepartureQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        verbose_name = _("departure")
        verbose_name_plural = _("departures")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def region_id(self) -> int | None:
        """The departing person's region: team leads and administrators of it sign off."""
        return self.user.region_id

    @property
    def region(self) -> Region | None:
        return self.user.region

    @property
    def access_removed(self) -> bool:
        """Done by the system: the account signs in nowhere once past its end date or deactivated."""
        return not self.user.is_active or self.user.has_left

    @property
    def material_returned(self) -> bool:
        return self.material_returned_at is not None

    @property
    def rules_acknowledged(self) -> bool:
        return self.rules_acknowledged_at is not None

    @property
    def rules_bind_until(self) -> date | None:
        return post_employment_ends(self.user.leaves_on) if self.user.leaves_on else None


# The sentence of each kind of notification: a lazy translation with %(name)s
# placeholders. Each app adds its kinds through `accounts.notifications.register`
# in its AppConfig.ready().
NOTIFICATION_SENTENCES: dict[str, Promise] = {}


class Notification(models.Model):
    """Something a staff member must see, shown in the navigation until read.

    The text is not stored: `kind` names a sentence (`NOTIFICATION_SENTENCES`)
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
        sentence = NOTIFICATION_SENTENCES.get(self.kind)
        if sentence is None:
            return self.kind
        try:
            return str(sentence) % self.params
        except (KeyError, TypeError, ValueError):
            return str(sentence)

    @property
    def target_url(self) -> str:
        from django.urls import NoReverseMatch, reverse

        try:
            return reverse(self.url_name, args=self.url_args) if self.url_name else ""
        except NoReverseMatch:
            return ""


# The session entry holding when the session was opened (seconds since the epoch).
SIGNED_IN_AT = "sentinelle.signed_in_at"


class StaffSession(models.Model):
    """One open staff session: which session key belongs to whom, so that every
    session of an account can be ended at once on the server (deactivation, end
    date passed) without reading every row of the session table.

    Written at sign-in, deleted with the session at sign-out or when the session
    ends on the server. A row whose session expired on its own names a key that
    no longer exists: harmless, and removed at the account's next sign-in once
    older than the absolute lifetime."""

    session_key = models.CharField(max_length=40, primary_key=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="staff_sessions")
    signed_in_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("staff session")
        verbose_name_plural = _("staff sessions")

    def __str__(self) -> str:
        return f"{self.user_id} {self.signed_in_at:%Y-%m-%d %H:%M}"

    @classmethod
    def end_all_of(cls, user: User) -> int:
        """Delete every session of `user` from the session store; returns how many
        were open."""
        from importlib import import_module

        from django.conf import settings

        store = import_module(settings.SESSION_ENGINE).SessionStore
        keys = list(cls.objects.filter(user=user).values_list("session_key", flat=True))
        for key in keys:
            store(session_key=key).delete()
        cls.objects.filter(session_key__in=keys).delete()
        return len(keys)


class TotpStepUsed(models.Model):
    """The latest 30-second time step whose code opened a session, per TOTP
    authenticator: a code of that step or an earlier one is never accepted again,
    even when the cache where allauth marks used codes has been emptied."""

    authenticator = models.OneToOneField(
        "mfa.Authenticator", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    step = models.BigIntegerField()

    class Meta:
        verbose_name = _("used second-factor time step")
        verbose_name_plural = _("used second-factor time steps")

    def __str__(self) -> str:
        return f"{self.authenticator_id}: {self.step}"
