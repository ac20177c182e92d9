#!/usr/bin/env bash
# Installs the Bicep CLI into .tools/bicep/bicep, local to the repository, from the NuGet package
# Azure.Bicep.CommandLine.linux-x64 (version pinned in Directory.Packages.props). Quick when already there.
set -euo pipefail
cd "$(dirname "$0")/.."

package="Azure.Bicep.CommandLine.linux-x64"
version="$(sed -n "s/.*PackageVersion Include=\"${package}\" Version=\"\([^\"]*\)\".*/\1/p" Directory.Packages.props)"
if [ -z "$version" ]; then
  echo "setup-bicep: no PackageVersion for ${package} in Directory.Packages.props" >&2
  exit 1
fi

target=".tools/bicep/bicep"
if [ -x "$target" ] && "$target" --version 2>/dev/null | grep -q "Bicep CLI version ${version} "; then
  exit 0
fi

packages=".tools/bicep/packages"
dotnet restore tools/Bicep/Bicep.csproj --packages "$packages" --verbosity quiet
source="${packages}/$(echo "$package" | tr '[:upper:]' '[:lower:]')/${version}/tools/bicep"
if [ ! -f "$source" ]; then
  echo "setup-bicep: ${package} ${version} restored, but ${source} is missing" >&2
  exit 1
fi
install -m 0755 "$source" "$target"
"$target" --version
