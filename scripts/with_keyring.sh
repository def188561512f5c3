#!/usr/bin/env bash
# Runs a command with a credential store ChairDesk can keep its data key in (see chairdesk/keys.py).
# A desktop session has one already (Windows Credential Manager, the macOS Keychain, GNOME Keyring or KWallet);
# a machine with no desktop session (a server, CI, a test machine) has none. There this starts a private D-Bus
# session and GNOME Keyring's Secret Service inside it, unlocked with a random password and keeping its keyrings
# in a temporary folder, for as long as the command runs. Nothing of it outlives the command.
#
#   scripts/with_keyring.sh COMMAND [ARGS...]
#
# With CHAIRDESK_KEYRING_OWN=1 (Linux) the command gets a session and a store of its own even inside another's:
# scripts/test.sh gives each test process one, so no two processes make keys in the same store at once.
set -euo pipefail
if [ "${CHAIRDESK_KEYRING_OWN:-}" = 1 ] && [ "$(uname)" = Linux ]; then
  export CHAIRDESK_KEYRING_OWN=started CHAIRDESK_IN_DBUS=1
  unset CHAIRDESK_KEYRING_READY
  # The command's output is kept on fd 9 for the command alone (below). Everything else in the session writes to
  # stderr: a service the bus starts by itself inherits the bus's stdout, and a keyring the bus started (because the
  # first one had gone) printed its variables there, into a test process's channel to pytest, and the whole run hung.
  exec 9>&1
  export CHAIRDESK_COMMAND_OUT=9
  exec dbus-run-session -- "$0" "$@" >&2 2> >(grep --line-buffered -v "Failed to set fd limit" >&2)
fi
if [ "${CHAIRDESK_KEYRING_OWN:-}" != started ]; then
  if [ "${CHAIRDESK_KEYRING_READY:-}" = 1 ]; then
    exec "$@"
  fi
  if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ -z "${CHAIRDESK_IN_DBUS:-}" ] && [ "$(uname)" = Linux ] \
    && python3 - <<'PY' 2>/dev/null
import sys
try:
    import secretstorage
    connection = secretstorage.dbus_init()
    sys.exit(0 if secretstorage.check_service_availability(connection) else 1)
except Exception:
    sys.exit(1)
PY
  then
    exec "$@"
  fi
  if [ "$(uname)" != Linux ]; then
    exec "$@"  # Windows and macOS: the store comes with the login
  fi
  if [ -z "${CHAIRDESK_IN_DBUS:-}" ]; then
    export CHAIRDESK_IN_DBUS=1
    exec 9>&1  # as above: the command's output only
    export CHAIRDESK_COMMAND_OUT=9
    exec dbus-run-session -- "$0" "$@" >&2 2> >(grep --line-buffered -v "Failed to set fd limit" >&2)
  fi
fi
keyrings="$(mktemp -d)"
trap 'rm -rf "$keyrings"' EXIT
password="$(head -c 24 /dev/urandom | base64)"
printf '%s' "$password" | XDG_DATA_HOME="$keyrings" gnome-keyring-daemon --unlock --components=secrets >/dev/null 9>&-
unset password
# The daemon returns before it owns the Secret Service's name on the bus (17 times in 20 here). A command that asked
# in between had the bus start a second keyring of its own, locked, with nobody to type its password: every key made
# there failed ("Failed to create the collection"), and a whole test process with it. So wait for the name.
for _ in $(seq 100); do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q "boolean true"; then
    break
  fi
  sleep 0.1
done
# Which process it is, for the tests' check that it is still there after each test (tests/hang_guard.py).
CHAIRDESK_KEYRING_PID="$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets 2>/dev/null | awk '/uint32/ {print $2}')"
export CHAIRDESK_KEYRING_PID CHAIRDESK_KEYRING_READY=1
if [ "${CHAIRDESK_COMMAND_OUT:-}" = 9 ]; then
  unset CHAIRDESK_COMMAND_OUT
  "$@" >&9 9>&-
else
  "$@"
fi
