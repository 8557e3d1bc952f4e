"""Who may see the download watch: privacy officers, and administrators (who
already read the audit log); only privacy officers acknowledge alerts and tune
the rules, and never an alert about themselves."""

from typing import Any

import rules

from sentinelle.accounts.rules import is_active_staff, is_administrator, is_privacy_officer


@rules.predicate
def not_about_themselves(user: Any, alert: Any) -> bool:
    return alert is None or (is_active_staff(user) and alert.user_id != user.pk)


rules.add_perm("watch.view_alerts", is_privacy_officer | is_administrator)
rules.add_perm("watch.acknowledge_alert", is_privacy_officer & not_about_themselves)
rules.add_perm("watch.change_rules", is_privacy_officer)
