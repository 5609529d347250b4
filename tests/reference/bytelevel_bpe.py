#!/usr/bin/python3
"""Byte-level BPE after OpenAI's GPT-2 encoder.py (github.com/openai/gpt-2, src/encoder.py): an independent reference
for Repro's GPT-2 and RoBERTa tokenizers.

Usage: bytelevel_bpe.py VOCAB_JSON MERGES_TXT < sentences.json > ids.json
stdin is a JSON list of texts; stdout a JSON list of id lists, one per text, with no special tokens added.

encoder.py uses the `regex` module for \\p{L} and \\p{N}. Debian's /usr/bin/python3 has no `regex`, so the same pattern
is written here for `re` with the character classes spelled out from `unicodedata` (L*: letters, N*: numbers) and
\\s as Unicode's White_Space property, which is what `regex` matches. Python's own \\s is not used: it also
matches U+001C..U+001F. Letters and numbers follow this Python's Unicode version (unicodedata.unidata_version).
"""
import json
import re
import sys
import unicodedata


def bytes_to_unicode():
    """encoder.py's map from the 256 bytes to printable characters (a byte-level token is spelled with them)."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(2 ** 8):
        if b not in bs:
            bs.append(b)
            cs.append(2 ** 8 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))


def get_pairs(word):
    return set(zip(word, word[1:]))


def character_class(predicate):
    """A `re` character class body (ranges) of the code points satisfying predicate."""
    ranges, start, previous = [], None, None
    for cp in range(0x110000):
        if predicate(cp):
            if start is None:
                start = cp
            previous = cp
        elif start is not None:
            ranges.append((start, previous))
            start = None
    if start is not None:
        ranges.append((start, previous))
    return "".join(re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)


WHITE_SPACE = [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x1680, *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F, 0x3000]


def gpt2_pattern():
    """encoder.py's r"'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+" for `re`."""
    letters = character_class(lambda cp: unicodedata.category(chr(cp)).startswith("L"))
    numbers = character_class(lambda cp: unicodedata.category(chr(cp)).startswith("N"))
    space = "".join(re.escape(chr(cp)) for cp in WHITE_SPACE)
    return re.compile(
        rf"'s|'t|'re|'ve|'m|'ll|'d| ?[{letters}]+| ?[{numbers}]+| ?[^{space}{letters}{numbers}]+|[{space}]+(?![^{space}])|[{space}]+")


class Encoder:
    def __init__(self, encoder, bpe_merges):
        self.encoder = encoder
        self.byte_encoder = bytes_to_unicode()
        self.bpe_ranks = dict(zip(bpe_merges, range(len(bpe_merges))))
        self.cache = {}
        self.pat = gpt2_pattern()

    def bpe(self, token):
        """Greedy: merge every occurrence of the lowest-ranked adjacent pair until no pair has a rank."""
        if token in self.cache:
            return self.cache[token]
        word = tuple(token)
        pairs = get_pairs(word)
        if not pairs:
            return token
        while True:
            bigram = min(pairs, key=lambda pair: self.bpe_ranks.get(pair, float("inf")))
            if bigram not in self.bpe_ranks:
                break
            first, second = bigram
            new_word = []
            i = 0
            while i < len(word):
                try:
                    j = word.index(first, i)
                    new_word.extend(word[i:j])
                    i = j
                except ValueError:
                    new_word.extend(word[i:])
                    break
                if word[i] == first and i < len(word) - 1 and word[i + 1] == second:
                    new_word.append(first + second)
                    i += 2
                else:
                    new_word.append(word[i])
                    i += 1
            word = tuple(new_word)
            if len(word) == 1:
                break
            pairs = get_pairs(word)
        word = " ".join(word)
        self.cache[token] = word
        return word

    def encode(self, text):
        bpe_tokens = []
        for token in re.findall(self.pat, text):
            token = "".join(self.byte_encoder[b] for b in token.encode("utf-8"))
            bpe_tokens.extend(self.encoder[bpe_token] for bpe_token in self.bpe(token).split(" "))
        return bpe_tokens


def load(vocab_path, merges_path):
    with open(vocab_path, encoding="utf-8") as f:
        encoder = json.load(f)
    with open(merges_path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[0].startswith("#version"):
        lines = lines[1:]
    merges = [tuple(line.split()) for line in lines if line]
    return Encoder(encoder, merges)


def main():
    encoder = load(sys.argv[1], sys.argv[2])
    texts = json.load(sys.stdin)
    json.dump([encoder.encode(text) for text in texts], sys.stdout)


if __name__ == "__main__":
    main()
