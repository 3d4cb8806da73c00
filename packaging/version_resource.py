"""Write a Windows version resource (VSVersionInfo text) for PyInstaller."""

from __future__ import annotations

from pathlib import Path

TEMPLATE = """VSVersionInfo(
  ffi=FixedFileInfo(filevers=({v}), prodvers=({v}), mask=0x3f, flags=0x0, OS=0x40004,
                    fileType=0x1, subtype=0x0, date=(0, 0)),
  kids=[
    StringFileInfo([StringTable('041304B0', [
      StringStruct('CompanyName', 'Gemeente'),
      StringStruct('FileDescription', {description!r}),
      StringStruct('FileVersion', {version!r}),
      StringStruct('InternalName', {name!r}),
      StringStruct('OriginalFilename', {exe!r}),
      StringStruct('ProductName', 'Mensenhandel Desk'),
      StringStruct('ProductVersion', {version!r})])]),
    VarFileInfo([VarStruct('Translation', [1043, 1200])])
  ]
)
"""


def version_tuple(version: str) -> str:
    parts = [int(p) for p in version.split(".")[:4] if p.isdigit()]
    return ", ".join(str(p) for p in [*parts, 0, 0, 0, 0][:4])


def write_version_file(target: Path, name: str, version: str, description: str) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(TEMPLATE.format(v=version_tuple(version), version=version, name=name,
                                      exe=name + ".exe", description=description[:120]),
                      encoding="utf-8")
    return target
