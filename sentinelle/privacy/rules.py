"""Who may do what with access-to-information requests: privacy officers only.
Requesters' identities and the documents gathered for release are theirs alone;
every other role gets 403 on the lists and 404 on a request."""

from __future__ import annotations

import rules

from sentinelle.accounts.rules import is_privacy_officer

rules.add_perm("privacy.view_access_requests", is_privacy_officer)
rules.add_perm("privacy.view_access_request", is_privacy_officer)
rules.add_perm("privacy.change_access_request", is_privacy_officer)
rules.add_perm("privacy.add_access_request", is_privacy_officer)
rules.add_perm("privacy.view_requester", is_privacy_officer)
rules.add_perm("privacy.release_access_request", is_privacy_officer)
rules.add_perm("privacy.download_release_package", is_privacy_officer)
