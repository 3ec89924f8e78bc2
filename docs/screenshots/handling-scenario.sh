#!/bin/bash
# Drives the real window on the demo mailbox under Xvfb (run it through the
# screenshot tool): select the newest message, Delete, Ctrl+Z, then drag the
# second message onto Archive. Check the outcome afterwards on the same
# profile from the command line:
#   tern --profile "$PROFILE" list --folder Archive --limit 1
#   tern --profile "$PROFILE" list --folder Trash
# usage: handling-scenario.sh TERN-BINARY PROFILE-DIR
set -u
"$1" --demo --profile "$2" &
sleep 5
click() { xdotool mousemove "$1" "$2"; sleep 0.3; xdotool mousedown 1; sleep 0.1; xdotool mouseup 1; sleep 0.5; }
click 400 147
xdotool key Delete; sleep 1
xdotool key ctrl+z; sleep 1
xdotool mousemove 400 225; sleep 0.3
xdotool mousedown 1; sleep 0.2
for x in 380 340 300 260 220 180 140 114; do xdotool mousemove "$x" 240; sleep 0.1; done
xdotool mousemove 114 244; sleep 0.3
xdotool mouseup 1; sleep 1
wait
