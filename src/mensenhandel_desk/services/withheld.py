"""What documents withhold of a signal's reporter: the identity as strings to scrub.

Documents that leave the vault scrub these from every free text (``services.documents``)
and the meetings screen warns with the same strings before an agenda is printed
(``services.meetings``); both import them from here.
"""

from __future__ import annotations

from mensenhandel_desk.documents.data import Withheld
from mensenhandel_desk.store.vault import UnitOfWork


def withheld_for(uow: UnitOfWork, signal_id: int) -> Withheld:
    """The reporter's identity as strings to scrub (never to print)."""
    reporter = uow.reporters.get_for_signal(signal_id)
    if reporter is None:
        return Withheld()
    return Withheld(names=[x for x in (reporter.name, reporter.team_coordinator) if x],
                    phrases=[x for x in (reporter.contact,) if x],
                    teams=[x for x in (reporter.department,) if x])
