"""The machine-wide policy file cannot be sidestepped with an environment variable."""

from __future__ import annotations

from pathlib import Path

from mensenhandel_desk import paths


def test_machine_policy_wins_over_the_environment(tmp_path: Path, monkeypatch) -> None:
    machine = tmp_path / "programdata" / "policy.json"
    monkeypatch.setattr(paths, "machine_policy_file", lambda: machine)
    monkeypatch.setenv("MHD_POLICY_FILE", str(tmp_path / "elsewhere.json"))
    assert paths.policy_file() == tmp_path / "elsewhere.json"  # no machine file: override
    machine.parent.mkdir(parents=True)
    machine.write_text("{}", encoding="utf-8")
    assert paths.policy_file() == machine  # IT's file exists: the variable is ignored
