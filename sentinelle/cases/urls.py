"""Staff pages of the cases app, mounted at /<lang>/staff/ under the namespace
"cases". Each area keeps its routes in its own module."""

from django.urls import include, path

from sentinelle.cases import (
    urls_cases,
    urls_documents,
    urls_employers,
    urls_letters,
    urls_register,
    urls_tasks,
)

urlpatterns = [
    *urls_employers.urlpatterns,
    *urls_register.urlpatterns,
    path("cases/", include(urls_cases.urlpatterns)),
    path("cases/<reference>/", include(urls_documents.urlpatterns)),
    path("letters/", include(urls_letters.urlpatterns)),
    path("tasks/", include(urls_tasks.urlpatterns)),
]
