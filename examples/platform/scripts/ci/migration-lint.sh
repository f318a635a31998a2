#!/bin/sh
# placeholder for the migration-lint gate
echo "migration-lint $*"
