#!/usr/bin/env bash
# A plugin author's path, end to end, as on a fresh machine: a new temporary HOME and NuGet packages folder, then
#   1. ./install.sh (the repro tool, and the plugin packages in the feed $HOME/.repro/feed, registered as source 'repro')
#   2. dotnet new install Repro.Templates (from that source)
#   3. repro-task, repro-regularizer, repro-model: dotnet new -n Acme.X, dotnet build -c Release, dotnet pack,
#      and the template's recipe.yaml through the installed tool: repro run recipe.yaml --plugins bin/Release/net10.0
#   4. repro-plugin-tests -n Acme.Tasks.Tests (beside Acme.Tasks): dotnet test
#   5. docs/plugins.md: each code block marked <!-- compile: NAME --> built, per NAME, as one project (compile-docs.sh)
# Prints the time of each step; exits non-zero at the first failure.
# Usage: tests/plugin-author/run.sh [WORK_DIR]
#   WORK_DIR (default: a new folder under /tmp) holds HOME, the packages folder and the projects; it is deleted after
#   a success unless REPRO_KEEP_WORK=1, and kept after a failure for inspection.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:-$(mktemp -d "${TMPDIR:-/tmp}/repro-plugin-author.XXXXXX")}
mkdir -p "$work/home" "$work/projects"
work=$(cd "$work" && pwd)
export HOME=$work/home NUGET_PACKAGES=$work/packages REPRO_CACHE=$work/cache
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
unset REPRO_FEED
repro=$HOME/.dotnet/tools/repro
log=$work/step.log
started=$(date +%s)

seconds() { local ms=$(( ($(date +%s%N) - $1) / 1000000 )); printf '%d.%d' $((ms / 1000)) $((ms % 1000 / 100)); }
step() {
  local name=$1; shift
  local t0; t0=$(date +%s%N)
  if ! "$@" >"$log" 2>&1; then
    cat "$log"
    printf 'FAILED  %-52s %s s; work folder kept: %s\n' "$name" "$(seconds "$t0")" "$work"
    exit 1
  fi
  printf 'ok      %-52s %6s s\n' "$name" "$(seconds "$t0")"
}
in_dir() { local dir=$1; shift; (cd "$dir" && "$@"); }

step "install.sh (clean HOME and packages)" "$root/install.sh"
step "dotnet new install Repro.Templates" dotnet new install Repro.Templates
cd "$work/projects"
for template in task:Acme.Tasks regularizer:Acme.Regularizers model:Acme.Models; do
  kind=${template%%:*} name=${template#*:}
  step "dotnet new repro-$kind -n $name" dotnet new "repro-$kind" -n "$name"
  step "$name: dotnet build -c Release" in_dir "$name" dotnet build -c Release
  step "$name: dotnet pack" in_dir "$name" dotnet pack -c Release
  step "$name: repro run recipe.yaml" in_dir "$name" "$repro" run recipe.yaml --plugins bin/Release/net10.0 --out "$work/runs"
done
# The task plugin named by package id in a recipe, restored from a local folder feed (no --plugins), then the run
# reproduced with no --plugins: the tool finds the plugin again from what the manifest recorded.
by_package() {
  local nupkg; nupkg=$(ls Acme.Tasks/bin/Release/Acme.Tasks.*.nupkg | head -1)
  local version; version=$(basename "$nupkg" .nupkg); version=${version#Acme.Tasks.}
  mkdir -p by-package
  sed "s|^  acme-tasks: .*|  acme-tasks: { package: Acme.Tasks, version: $version }|" Acme.Tasks/recipe.yaml >by-package/recipe.yaml
  cat >by-package/nuget.config <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration><packageSources><clear /><add key="acme" value="$work/projects/Acme.Tasks/bin/Release" /></packageSources></configuration>
XML
  (cd by-package && "$repro" run recipe.yaml --out "$work/package-runs")
  local run; run=$(ls -d "$work"/package-runs/*/*-seed1 | head -1)
  grep -q '"package"' "$run/manifest.json"
  "$repro" reproduce "$run" --out "$work/reproduced"
}
step "Acme.Tasks by package id: repro run, then reproduce" by_package
step "dotnet new repro-plugin-tests -n Acme.Tasks.Tests" dotnet new repro-plugin-tests -n Acme.Tasks.Tests
step "Acme.Tasks.Tests: dotnet test" in_dir Acme.Tasks.Tests dotnet test
step "docs/plugins.md code blocks build" "$here/compile-docs.sh" "$root/docs/plugins.md" "$work/docs"

printf 'all steps passed in %d s\n' "$(( $(date +%s) - started ))"
if [[ "${REPRO_KEEP_WORK:-}" != 1 ]]; then rm -rf "$work"; fi
