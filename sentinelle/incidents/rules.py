"""Who may see and handle confidentiality incidents: privacy officers only.
Every other role is refused (403 on the pages, 404 on an incident)."""

from __future__ import annotations

import rules

from sentinelle.accounts.rules import is_privacy_officer

rules.add_perm("incidents.view_incidents", is_privacy_officer)
# Record and change incidents, conclude on the grid, generate notices, record in the register.
rules.add_perm("incidents.manage_incidents", is_privacy_officer)
# Export the register for the Commission.
rules.add_perm("incidents.export_register", is_privacy_officer)
