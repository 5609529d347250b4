#!/usr/bin/env bash
# Builds the `repro` global tool from this checkout and installs it (replacing an installed one).
# Usage: ./install.sh [-p:ReproTorchBackend=cuda]   (extra arguments go to `dotnet pack`)
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
rm -rf artifacts/packages
dotnet pack tool/Repro.Tool -c Release -o artifacts/packages "$@"
dotnet tool uninstall --global Repro.Tool >/dev/null 2>&1 || true
dotnet tool install --global --no-cache --add-source artifacts/packages Repro.Tool --version "$version"
case ":$PATH:" in
  *":$HOME/.dotnet/tools:"*) ;;
  *) echo "note: add ~/.dotnet/tools to PATH to call repro by name: export PATH=\"\$PATH:\$HOME/.dotnet/tools\"" ;;
esac
