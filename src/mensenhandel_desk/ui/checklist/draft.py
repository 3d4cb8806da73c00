"""The officer's unsaved edits of the current checklist version (pure, no Qt, no vault).

Edits are kept as three small collections on top of the version they started from, the
same shape ``services.reference.revise_checklist`` takes, so what is saved is exactly
what the screen showed: reworded (key -> new label), retired (keys) and added indicators
(no key yet: the service makes one that was never used before).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from mensenhandel_desk.domain.models import ChecklistVersion, Indicator

NEW, REWORDED, RETIRED, SAME = "new", "reworded", "retired", "same"


@dataclass(slots=True)
class Row:
    """One line as the editor shows it."""

    ref: str  # the indicator key, or "new:<n>" for an added one
    indicator: Indicator
    state: str  # NEW, REWORDED, RETIRED or SAME
    original_label: str = ""


@dataclass(slots=True)
class Group:
    key: str
    label: str
    is_vulnerability: bool
    rows: list[Row] = field(default_factory=list)


@dataclass
class ChecklistDraft:
    base: ChecklistVersion
    reworded: dict[str, str] = field(default_factory=dict)
    retired: set[str] = field(default_factory=set)
    added: dict[int, Indicator] = field(default_factory=dict)
    _next: int = 1

    # --- questions -------------------------------------------------------------------------
    def has_changes(self) -> bool:
        return bool(self.reworded or self.retired or self.added)

    def counts(self) -> tuple[int, int, int]:
        """(added, reworded, retired)."""
        return len(self.added), len(self.reworded), len(self.retired)

    def groups(self) -> list[tuple[str, str, bool]]:
        """(group key, label, vulnerability factor?) in the order of the version."""
        seen: dict[str, tuple[str, str, bool]] = {}
        for ind in self.base.indicators:
            seen.setdefault(ind.group_key, (ind.group_key, ind.group_label,
                                            ind.is_vulnerability_factor))
        return list(seen.values())

    def view(self) -> list[Group]:
        """Indicator groups first, vulnerability factors last (apart), each with its rows
        as edited: added ones at the end of their group, retired ones still listed."""
        groups = {key: Group(key, label, vf) for key, label, vf in self.groups()}
        for ind in self.base.indicators:
            if ind.key in self.retired:
                row = Row(ind.key, ind, RETIRED)
            elif ind.key in self.reworded:
                row = Row(ind.key, replace(ind, label=self.reworded[ind.key]), REWORDED,
                          original_label=ind.label)
            else:
                row = Row(ind.key, ind, SAME)
            groups[ind.group_key].rows.append(row)
        for n, ind in self.added.items():
            groups.setdefault(ind.group_key, Group(ind.group_key, ind.group_label,
                                                   ind.is_vulnerability_factor))
            groups[ind.group_key].rows.append(Row(f"new:{n}", ind, NEW))
        ordered = list(groups.values())
        return ([g for g in ordered if not g.is_vulnerability]
                + [g for g in ordered if g.is_vulnerability])

    def label_of(self, ref: str) -> str:
        if ref.startswith("new:"):
            return self.added[int(ref[4:])].label
        return self.reworded.get(ref) or self._base(ref).label

    def is_retired(self, ref: str) -> bool:
        return ref in self.retired

    # --- edits -------------------------------------------------------------------------------
    def add(self, group_key: str, label: str) -> str:
        key, group_label, vf = next(g for g in self.groups() if g[0] == group_key)
        n, self._next = self._next, self._next + 1
        self.added[n] = Indicator(checklist_version=0, key="", group_key=key,
                                  group_label=group_label, label=label,
                                  is_vulnerability_factor=vf)
        return f"new:{n}"

    def reword(self, ref: str, label: str) -> None:
        label = " ".join(label.split())
        if ref.startswith("new:"):
            self.added[int(ref[4:])].label = label
            return
        if label == self._base(ref).label:
            self.reworded.pop(ref, None)
        else:
            self.reworded[ref] = label

    def toggle_retired(self, ref: str) -> None:
        """Retire an indicator (an added one is simply dropped) or bring it back."""
        if ref.startswith("new:"):
            self.added.pop(int(ref[4:]), None)
        elif ref in self.retired:
            self.retired.discard(ref)
        else:
            self.retired.add(ref)

    def _base(self, key: str) -> Indicator:
        return next(i for i in self.base.indicators if i.key == key)
