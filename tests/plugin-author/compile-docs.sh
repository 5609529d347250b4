#!/usr/bin/env bash
# Builds the code blocks of a Markdown file that are marked for it: a line <!-- compile: NAME --> right before a
# ```csharp or ```xml fence. All blocks of one NAME form one project in OUT/NAME: csharp blocks are its .cs files,
# an xml block is its project file (without one, a plugin project that references Repro.Contracts is used).
# Usage: compile-docs.sh FILE.md OUT   (needs the Repro.Contracts package on a NuGet source, e.g. after ./install.sh)
set -euo pipefail
doc=$1 out=$2
rm -rf "$out" && mkdir -p "$out"
awk -v out="$out" '
  match($0, /<!-- compile: [A-Za-z0-9_-]+ -->/) { name = substr($0, RSTART + 14, RLENGTH - 18); pending = 1; next }
  pending && /^```(csharp|xml)[[:space:]]*$/ {
    n[name]++
    system("mkdir -p \"" out "/" name "\"")
    file = out "/" name "/" ($0 ~ /xml/ ? name ".csproj" : "Block" n[name] ".cs")
    inblock = 1; pending = 0; next
  }
  inblock && /^```/ { inblock = 0; close(file); next }
  inblock { print > file; next }
  pending && NF { print "compile-docs: <!-- compile: " name " --> is not followed by a csharp or xml block (line " NR ")" > "/dev/stderr"; exit 2 }
' "$doc"
contracts=$(sed -n 's:.*<ReproContractsVersion>\(.*\)</ReproContractsVersion>.*:\1:p' "$(dirname "$0")/../../Directory.Build.props")
projects=("$out"/*/)
if [[ ! -d "${projects[0]}" ]]; then echo "compile-docs: no block of $doc is marked <!-- compile: NAME -->" >&2; exit 2; fi
for dir in "${projects[@]}"; do
  name=$(basename "$dir")
  if ! compgen -G "$dir*.csproj" >/dev/null; then
    cat > "$dir$name.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Repro.Contracts" Version="$contracts" />
  </ItemGroup>
</Project>
XML
  fi
  echo "compile-docs: $name ($(ls "$dir" | tr '\n' ' '))"
  (cd "$dir" && dotnet build -warnaserror -nologo -v q)
done
