from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from sentinelle import views
from sentinelle.api import api
from sentinelle.lib.admin import install_on

# The admin site signs in through the same page as the rest of the staff site,
# so the second factor and the lock-out apply to it too.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Sentinelle"
install_on(admin.site)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("api/v1/", api.urls),
]

urlpatterns += i18n_patterns(
    path("", include("sentinelle.intake.urls_public")),
    path("staff/", include(("sentinelle.accounts.urls", "staff"))),
    path("staff/", include(("sentinelle.cases.urls", "cases"))),
    path("staff/reports/", include(("sentinelle.intake.urls_staff", "reports"))),
    path("staff/audit/", include(("sentinelle.audit.urls", "audit"))),
    path("staff/dashboard/", include(("sentinelle.dashboard.urls", "dashboard"))),
    path("staff/workload/", include(("sentinelle.workload.urls", "workload"))),
    path("staff/forecasts/", include(("sentinelle.forecast.urls", "forecast"))),
    path("staff/quality/", include(("sentinelle.quality.urls", "quality"))),
    path("staff/training/", include(("sentinelle.training.urls", "training"))),
    path("staff/access-requests/", include(("sentinelle.privacy.urls", "privacy"))),
    path("staff/incidents/", include(("sentinelle.incidents.urls", "incidents"))),
    path("staff/watch/", include(("sentinelle.watch.urls", "watch"))),
    path("staff/governance/", include(("sentinelle.governance.urls", "governance"))),
    path("staff/ethics/", include(("sentinelle.ethics.urls", "ethics"))),
    path("statistics/", include(("sentinelle.dashboard.urls_public", "statistics"))),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler400 = "sentinelle.views.bad_request"
handler403 = "sentinelle.views.permission_denied"
handler404 = "sentinelle.views.page_not_found"
handler500 = "sentinelle.views.server_error"
