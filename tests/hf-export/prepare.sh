#!/usr/bin/env bash
# What tests/hf-export/check.py reads: a small BERT that repro fine-tunes on 300 UCI sentiment sentences with
# bert-base-uncased's WordPiece vocabulary (the one minilm-l6 ships), exported with `repro export` as a
# BertForSequenceClassification folder, and `repro predict`'s token ids and logits for all 3,000 UCI sentences.
# Usage: tests/hf-export/prepare.sh OUT   (needs ./install-data.sh and the installed tool, or REPRO)
set -euo pipefail
out=$(realpath -m "${1:?usage: prepare.sh OUT}")
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
repro() { ${REPRO:-command repro} "$@"; }   # REPRO: another build of the tool, e.g. "dotnet tool/Repro.Tool/bin/Debug/net10.0/repro.dll"
repro models install minilm-l6 >/dev/null
vocab=${REPRO_MODELS:-${XDG_DATA_HOME:-$HOME/.local/share}/repro/models}/minilm-l6/vocab.txt
sed "s|VOCAB|$vocab|" "$here/small-bert.yaml" >"$out/small-bert.yaml"
rm -rf "$out/runs" "$out/export"
repro run "$out/small-bert.yaml" --out "$out/runs" --no-cache >"$out/run.log" 2>&1
run=$(ls -d "$out"/runs/small-bert@*/*-seed1 | head -1)
repro export "$run/target" --out "$out/export"
fixtures=$(npm root -g)/sentiment/test/fixtures
python3 -c 'import json,sys; [print(e["text"]) for f in sys.argv[1:] for e in json.load(open(f)) if e["text"].strip()]' \
  "$fixtures/amazon.json" "$fixtures/imdb.json" "$fixtures/yelp.json" >"$out/sentences.txt"
repro predict "$run/target" --file "$out/sentences.txt" >"$out/predictions.jsonl"
echo "prepared $(wc -l <"$out/predictions.jsonl") predictions and $out/export"
