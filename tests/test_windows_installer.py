"""The Windows installer's source (packaging/windows/ChairDesk.wxs), read as XML: it cannot be built here (WiX runs
on Windows), so what a council's IT relies on is checked in the source — a per-machine package, the UpgradeCode
that never changes (so a new version replaces the old), the version passed in from pyproject.toml, the one-folder
build harvested (never a one-file program), a Start menu shortcut, and a build script that signs with a
timestamp."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOWS = ROOT / "packaging" / "windows"
WXS = WINDOWS / "ChairDesk.wxs"
NS = {"wix": "http://wixtoolset.org/schemas/v4/wxs"}

# Made once and never changed: every ChairDesk MSI ever built carries it, so that Windows upgrades one to the next.
UPGRADE_CODE = "E1A13EB0-572D-4FAB-93E3-69B1E1B01B28"


def package() -> ET.Element:
    root = ET.parse(WXS).getroot()  # well-formed, or this raises
    assert root.tag == f"{{{NS['wix']}}}Wix"
    found = root.find("wix:Package", NS)
    assert found is not None
    return found


def test_the_installer_is_per_machine_with_the_upgrade_code_that_never_changes() -> None:
    msi = package()
    assert msi.get("Scope") == "perMachine"
    assert msi.get("UpgradeCode", "").upper() == UPGRADE_CODE
    assert msi.get("ProductCode") is None  # a new one for every build, so each version is a major upgrade
    assert msi.get("Version") == "$(var.Version)"  # from pyproject.toml, passed by build.ps1
    upgrade = msi.find("wix:MajorUpgrade", NS)
    assert upgrade is not None and upgrade.get("DowngradeErrorMessage")
    media = msi.find("wix:MediaTemplate", NS)
    assert media is not None and media.get("EmbedCab") == "yes"  # one file to deploy


def test_it_installs_the_one_folder_build_into_program_files_with_a_start_menu_shortcut() -> None:
    msi = package()
    program_files = msi.find("wix:StandardDirectory[@Id='ProgramFiles64Folder']", NS)
    assert program_files is not None
    folder = program_files.find("wix:Directory", NS)
    assert folder is not None and folder.get("Name") == "ChairDesk"
    harvested = msi.findall(".//wix:Files", NS)
    assert [f.get("Include") for f in harvested] == ["!(bindpath.App)\\**"]  # the whole folder, every file
    shortcut = msi.find("wix:StandardDirectory[@Id='ProgramMenuFolder']//wix:Shortcut", NS)
    assert shortcut is not None and shortcut.get("Target") == f"[{folder.get('Id')}]chairdeskw.exe"
    feature = msi.find("wix:Feature", NS)
    assert feature is not None
    assert {r.get("Id") for r in feature} == {"AppFiles", "StartMenuShortcut"}


def test_no_one_file_program_anywhere() -> None:
    """A one-file program unpacks itself into a temporary folder at every start, which antivirus tools flag."""
    msi = package()
    single_files = [f.get("Source") for f in msi.iter(f"{{{NS['wix']}}}File")]
    assert single_files == []  # nothing but the harvested folder: no lone .exe carried on its own
    spec = (ROOT / "packaging" / "chairdesk.spec").read_text(encoding="utf-8")
    assert "COLLECT(" in spec and "exclude_binaries=True" in spec  # PyInstaller's one-folder mode
    assert "onefile" not in (WINDOWS / "build.ps1").read_text(encoding="utf-8").lower()


def test_the_build_script_passes_pyprojects_version_and_signs_with_a_timestamp() -> None:
    script = (WINDOWS / "build.ps1").read_text(encoding="utf-8")
    assert "pyproject.toml" in script and '"Version=$version"' in script
    assert re.search(r'"-bindpath", "App=\$app"', script)
    signing = re.findall(r'"sign", "/fd", "SHA256", "/tr", \$TimestampUrl, "/td", "SHA256"', script)
    assert len(signing) == 1  # one signing routine, timestamped, used for the programs and for the MSI
    assert "Sign-Files $programs" in script and "Sign-Files @($msi)" in script
    assert script.index("Sign-Files $programs") < script.index('"build", "packaging\\windows\\ChairDesk.wxs"')
