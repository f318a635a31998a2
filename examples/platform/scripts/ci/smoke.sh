#!/bin/sh
# placeholder for the smoke gate
echo "smoke $*"
