#!/usr/bin/env bash
# Runs a command with a credential store ChairDesk can keep its data key in (see chairdesk/keys.py).
# A desktop session has one already (Windows Credential Manager, the macOS Keychain, GNOME Keyring or KWallet);
# a machine with no desktop session (a server, CI, a test machine) has none. There this starts a private D-Bus
# session and GNOME Keyring's Secret Service inside it, unlocked with a random password and keeping its keyrings
# in a temporary folder, for as long as the command runs. Nothing of it outlives the command.
#
# GNOME Keyring 42 is not safe with several clients making and deleting items at once: six processes doing so
# crashed it within a few hundred items here (an alias read back as a garbled collection path, then the daemon
# gone), as it did once in a while in a test process. So the private bus starts it itself, through a service file of
# its own, unlocked with the same password on the same keyrings: a keyring that has crashed is started again by
# the next call, holding what it held, where the system's service file would start it locked with nobody there to
# type a password.
#
#   scripts/with_keyring.sh COMMAND [ARGS...]
#
# With CHAIRDESK_KEYRING_OWN=1 (Linux) the command gets a session and a store of its own even inside another's:
# scripts/test.sh gives each test process one, so no two processes make keys in the same store at once.
set -euo pipefail

# A private session bus whose only service is the keyring, started unlocked (see above); its folder is removed when
# the command ends. The command's output is kept on fd 9 for the command alone: everything else in the session
# writes to stderr (a service the bus starts inherits the bus's stdout, and a keyring the bus started once printed
# its variables there, into a test process's channel to pytest, and the whole run hung).
private_session() {
  local folder
  folder="$(mktemp -d)"
  mkdir "$folder/services" "$folder/keyrings"
  (umask 077 && head -c 24 /dev/urandom | base64 > "$folder/password")
  cat > "$folder/services/org.freedesktop.secrets.service" <<SERVICE
[D-BUS Service]
Name=org.freedesktop.secrets
Exec=/bin/sh -c 'XDG_DATA_HOME=$folder/keyrings exec gnome-keyring-daemon --foreground --unlock --components=secrets < $folder/password > /dev/null'
SERVICE
  cat > "$folder/bus.conf" <<BUS
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$folder/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
BUS
  export CHAIRDESK_KEYRING_FOLDER="$folder" CHAIRDESK_KEYRING_OWN=started CHAIRDESK_COMMAND_OUT=9
  unset CHAIRDESK_KEYRING_READY
  exec 9>&1
  exec dbus-run-session --config-file="$folder/bus.conf" -- "$0" "$@" \
    >&2 2> >(grep --line-buffered -v "Failed to set fd limit" >&2)
}

if [ "${CHAIRDESK_KEYRING_OWN:-}" = 1 ] && [ "$(uname)" = Linux ]; then
  private_session "$@"
fi
if [ "${CHAIRDESK_KEYRING_OWN:-}" != started ]; then
  if [ "${CHAIRDESK_KEYRING_READY:-}" = 1 ]; then
    exec "$@"
  fi
  if [ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] && [ "$(uname)" = Linux ] \
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
  private_session "$@"
fi
# Inside the private session. When the command ends, the keyrings and their password go at once; the bus's own
# files once the bus has gone (it reads its service folder again when that changes, and says so if it is missing).
folder="$CHAIRDESK_KEYRING_FOLDER"
bus_pid="$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.DBus | awk '/uint32/ {print $2}')"
cleanup() {
  rm -rf "$folder/keyrings" "$folder/password"
  (while kill -0 "$bus_pid" 2>/dev/null; do sleep 0.2; done; rm -rf "$folder") </dev/null >/dev/null 2>&1 9>&- &
}
trap cleanup EXIT
# The bus answers once the keyring owns its name (or has failed to start).
dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.StartServiceByName string:org.freedesktop.secrets uint32:0 > /dev/null
# Which process it is, for the tests' check after each test (tests/conftest.py).
CHAIRDESK_KEYRING_PID="$(dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
  org.freedesktop.DBus.GetConnectionUnixProcessID string:org.freedesktop.secrets | awk '/uint32/ {print $2}')"
export CHAIRDESK_KEYRING_PID CHAIRDESK_KEYRING_READY=1
unset CHAIRDESK_COMMAND_OUT CHAIRDESK_KEYRING_FOLDER
"$@" >&9 9>&-
