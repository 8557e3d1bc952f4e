"""Demo data: every generator of the demo (staff, employers, reports, cases at
scale, and what each app shows on a demo), on the top floor: it may use every
app, and no app uses it."""
from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sentinelle.demo"
    verbose_name = "Demo data"
