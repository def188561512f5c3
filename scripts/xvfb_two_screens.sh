#!/usr/bin/env bash
# Starts a virtual display with a 1366x768 laptop screen and a 1920x1080 "projector" beside it, as a
# chair's laptop with a projector looks to Qt. Prints the DISPLAY to use. Needs xvfb and x11-xserver-utils.
#   scripts/xvfb_two_screens.sh [:DISPLAY] [PROJECTOR_WIDTHxHEIGHT]
set -euo pipefail
display=${1:-:95}
projector=${2:-1920x1080}
pw=${projector%x*}
ph=${projector#*x}
width=$((1366 + pw))
height=$(( ph > 768 ? ph : 768 ))
Xvfb "$display" -screen 0 "${width}x${height}x24" -noreset >/dev/null 2>&1 &
for _ in $(seq 50); do DISPLAY=$display xrandr >/dev/null 2>&1 && break; sleep 0.1; done
export DISPLAY=$display
xrandr --newmode 1366x768 0 1366 0 0 0 768 0 0 0 2>/dev/null || true
xrandr --addmode screen 1366x768
xrandr --fb "${width}x${height}" --output screen --mode 1366x768 --primary
# Physical size in mm for the monitor (about 96 dpi).
xrandr --setmonitor PROJECTOR "${pw}/$((pw * 254 / 960))x${ph}/$((ph * 254 / 960))+1366+0" none
echo "$display"
