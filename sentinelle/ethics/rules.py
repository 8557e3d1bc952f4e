"""Who may do what about ethics and disclosures.

Every staff member reads the ethics page, makes a disclosure and follows up their
own with its receipt code. Disclosures are read and handled only by the ethics
officer and the substitute designated today: no role opens them, administrators
and privacy officers included. Administrators keep the designations. Contacts by
former staff are recorded by anyone and read by the officer and substitute only."""

from __future__ import annotations

from typing import Any

import rules

from sentinelle.accounts.rules import any_staff_role, is_administrator
from sentinelle.ethics.designations import is_designated


@rules.predicate
def is_designated_ethics_officer(user: Any) -> bool:
    return is_designated(user)


rules.add_perm("ethics.view_ethics_page", any_staff_role)
rules.add_perm("ethics.disclose", any_staff_role)
rules.add_perm("ethics.view_disclosures", is_designated_ethics_officer)
rules.add_perm("ethics.handle_disclosures", is_designated_ethics_officer)
rules.add_perm("ethics.manage_designations", is_administrator)
# Any staff member records a contact by former staff; only the officer and
# substitute read them (and whether one came within the post-employment year).
rules.add_perm("ethics.record_former_staff_contact", any_staff_role)
rules.add_perm("ethics.view_former_staff_contacts", is_designated_ethics_officer)
