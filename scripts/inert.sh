#!/usr/bin/env bash
# inert.sh COMMAND [ARG]...: runs the command with GitHub Actions workflow commands switched off
# around its output, so that text in it (a prompt, an assistant's name) that looks like `::error`
# or `::add-mask::` is printed, never obeyed. The token is random, so the output cannot end the
# pause itself. Exits with the command's status. (GitHub's "Workflow commands for GitHub Actions",
# "Stopping and starting workflow commands".)
set -uo pipefail
token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
echo "::stop-commands::$token"
"$@"
status=$?
echo "::$token::"
exit "$status"
