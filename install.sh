#!/usr/bin/env bash
# Builds the `repro` global tool from this checkout and installs it (replacing an installed one), and packs the
# packages plugin authors use into a local NuGet feed registered as the source `repro`:
#   Repro.Contracts (build a plugin), Repro.Engine + Repro.Testing (run recipes in tests), Repro.Templates (dotnet new).
# The feed is ~/.repro/feed, or $REPRO_FEED. Then: dotnet new install Repro.Templates; dotnet new repro-task -n Acme.Tasks
# Usage: ./install.sh [-p:ReproTorchBackend=cuda]   (extra arguments go to the tool's `dotnet pack`)
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props)
contracts=$(sed -n 's:.*<ReproContractsVersion>\(.*\)</ReproContractsVersion>.*:\1:p' Directory.Build.props)
feed=${REPRO_FEED:-$HOME/.repro/feed}

rm -rf artifacts/packages
dotnet pack tool/Repro.Tool -c Release -o artifacts/packages "$@"
dotnet tool uninstall --global Repro.Tool >/dev/null 2>&1 || true
dotnet tool install --global --no-cache --add-source artifacts/packages Repro.Tool --version "$version"

# The plugin author's packages. The same version packed again replaces the feed's copy and the stale copy that
# an earlier restore left in the global packages folder.
mkdir -p "$feed"
packages=${NUGET_PACKAGES:-$HOME/.nuget/packages}
for project in core/Repro.Contracts core/Repro.Engine core/Repro.Testing templates; do
  dotnet pack "$project" -c Release -o "$feed" --nologo -v q
done
for id in repro.contracts:$contracts repro.engine:$version repro.testing:$version; do
  rm -rf "$packages/${id%%:*}/${id#*:}"
done
if dotnet nuget list source | grep -E '^[[:space:]]*[0-9]+\.[[:space:]]+repro \[' >/dev/null; then
  dotnet nuget update source repro -s "$feed" >/dev/null
else
  dotnet nuget add source "$feed" -n repro
fi
echo "plugin packages in $feed (NuGet source 'repro'): Repro.Contracts $contracts, Repro.Engine/Repro.Testing/Repro.Templates $version"
echo "templates: dotnet new install Repro.Templates (after a new ./install.sh: dotnet new install Repro.Templates --force)"

case ":$PATH:" in
  *":$HOME/.dotnet/tools:"*) ;;
  *) echo "note: add ~/.dotnet/tools to PATH to call repro by name: export PATH=\"\$PATH:\$HOME/.dotnet/tools\"" ;;
esac
