"""A credential store that is not there yet when ChairDesk starts (chairdesk/keys.py, STORE_PATIENCE).

Just after login ChairDesk can start before the desktop's session bus and its Secret Service, and on a busy machine the
first look at the store can fail (a test run once lost a command so). ChairDesk looks again for a few seconds before
saying, in words, that the store cannot be reached. Real parts: a D-Bus session bus and GNOME Keyring started a
second after the command, on the address the command was given.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from chairdesk import keys

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or not (shutil.which("dbus-daemon") and shutil.which("gnome-keyring-daemon")),
    reason="a session bus and GNOME Keyring (scripts/setup.sh --test installs them)",
)


def _command_env(tmp_path: Path, bus: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON_KEYRING", "CHAIRDESK_DB"))}
    env.update(CHAIRDESK_DATA=str(tmp_path / "data"), DBUS_SESSION_BUS_ADDRESS=f"unix:path={bus}")
    return env


BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={bus}</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{services}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@pytest.fixture
def session_bus(tmp_path: Path) -> Iterator[Path]:
    """A desktop session's bus with no credential store on it yet, and none it could start by itself (its services
    folder is empty): as just after login, before the keyring has started. Its address; stopped after the test
    (a keyring daemon on it ends with it)."""
    bus, services, config = tmp_path / "bus", tmp_path / "services", tmp_path / "bus.conf"
    services.mkdir()
    config.write_text(BUS_CONFIG.format(bus=bus, services=services), encoding="utf-8")
    daemon = subprocess.Popen(["dbus-daemon", f"--config-file={config}", "--nofork"], stderr=subprocess.DEVNULL)
    for _ in range(100):
        if bus.exists():
            break
        time.sleep(0.05)
    yield bus
    daemon.terminate()
    daemon.wait(10)


def test_a_store_that_comes_a_second_after_the_start_is_waited_for(tmp_path: Path, session_bus: Path) -> None:
    command = subprocess.Popen(
        [sys.executable, "-m", "chairdesk", "list"],
        env=_command_env(tmp_path, session_bus),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(1.5)
    assert command.poll() is None  # still waiting for the store, not failed at once
    keyrings = tmp_path / "keyrings"
    keyrings.mkdir()
    subprocess.run(  # the keyring starts, unlocked (as scripts/with_keyring.sh does, and a login does)
        ["gnome-keyring-daemon", "--unlock", "--components=secrets"],
        input=b"a password for this test only",
        env=dict(os.environ, DBUS_SESSION_BUS_ADDRESS=f"unix:path={session_bus}", XDG_DATA_HOME=str(keyrings)),
        check=True,
        capture_output=True,
    )
    out, err = command.communicate(timeout=120)
    assert command.returncode == 0, err
    assert out.startswith("No conferences yet")
    assert list((tmp_path / "data").glob("*.sqlite"))  # its data made, with a key kept in the store that came


def test_a_store_that_never_comes_is_said_in_words_after_the_wait(tmp_path: Path) -> None:
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-m", "chairdesk", "list"],
        env=_command_env(tmp_path, tmp_path / "no-bus-here"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    waited = time.monotonic() - started
    assert result.returncode == 2
    assert result.stderr.startswith(
        "error: ChairDesk keeps the key to its encrypted data in this computer's credential"
    )
    assert "the store cannot be reached" in result.stderr and "Nothing has been opened or changed" in result.stderr
    assert "Traceback" not in result.stderr
    assert waited >= keys.STORE_PATIENCE  # it looked again before giving up
    assert not list((tmp_path / "data").glob("*.sqlite"))  # nothing made without a key
