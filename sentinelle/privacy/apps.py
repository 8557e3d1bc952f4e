"""Access to information: requests, their legal deadlines, detection of personal information and true redaction."""
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "sentinelle.privacy"
    verbose_name = _("Access to information")
