"""The JSON API, version 1: token authentication, same permissions as the pages."""

from ninja import NinjaAPI

from sentinelle.accounts.api import router as accounts_router
from sentinelle.accounts.api_auth import StaffToken
from sentinelle.cases.api import router as cases_router
from sentinelle.governance.api import router as governance_router
from sentinelle.intake.api import router as intake_router

api = NinjaAPI(
    title="Sentinelle API",
    version="1",
    description="Staff API of Sentinelle. Authenticate with `Authorization: Bearer <token>`.",
    auth=StaffToken(),
    urls_namespace="api-v1",
    docs_url=None,
)
api.add_router("/", accounts_router)
api.add_router("/", cases_router)
api.add_router("/", intake_router)
api.add_router("/", governance_router)
