"""Operations: backing up and restoring an installation (database and uploaded files)."""
from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "sentinelle.operations"
    label = "operations"
