#!/usr/bin/env bash
# Runs every CzPick test. Installs what the tests need first (all local to the repository), so this works on a
# fresh clone with only the package registries reachable.
set -euo pipefail
cd "$(dirname "$0")"

for setup in scripts/setup-*.sh; do
  [ -e "$setup" ] && bash "$setup"
done

dotnet test CzPick.Functions.sln --configuration Release "$@"
