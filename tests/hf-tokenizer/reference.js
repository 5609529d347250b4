#!/usr/bin/env node
// Hugging Face's BERT tokenizer (the Rust `tokenizers` library, npm tokenizers@0.23.2): the reference the
// WordPiece tests compare against. Builds the tokenizer.json that BertTokenizerFast.from_pretrained builds
// (BertNormalizer, BertPreTokenizer, WordPiece, the five specials as added tokens), encodes each sentence
// without [CLS]/[SEP] and prints the ids as JSON.
//   node reference.js VOCAB_TXT LOWERCASE STRIP_ACCENTS CHINESE_CHARS < sentences.json > ids.json
//   LOWERCASE, CHINESE_CHARS: true|false; STRIP_ACCENTS: null|true|false; sentences.json: ["text", ...]
'use strict';
const fs = require('fs');
const path = require('path');
const { Tokenizer } = require(path.join(__dirname, 'node_modules', 'tokenizers'));

function flag(value, name, allowNull) {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (allowNull && value === 'null') return null;
  throw new Error(`${name} must be true|false${allowNull ? '|null' : ''}, not '${value}'`);
}

async function main() {
  const [vocabPath, lower, strip, chinese] = process.argv.slice(2);
  if (!vocabPath) throw new Error('usage: node reference.js VOCAB_TXT LOWERCASE STRIP_ACCENTS CHINESE_CHARS < sentences.json');
  // vocab.txt: one token per line, line number = id (a CRLF line end is not part of the token; first id wins).
  const lines = fs.readFileSync(vocabPath, 'utf8').split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const vocab = {};
  lines.forEach((line, id) => {
    const token = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (!Object.prototype.hasOwnProperty.call(vocab, token)) vocab[token] = id;
  });
  const specials = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: specials.map(s => ({ id: vocab[s], content: s, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: flag(chinese ?? 'true', 'CHINESE_CHARS'), strip_accents: flag(strip ?? 'null', 'STRIP_ACCENTS', true), lowercase: flag(lower ?? 'true', 'LOWERCASE') },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: null,
    decoder: null,
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
  const tokenizer = Tokenizer.fromString(JSON.stringify(json));
  const sentences = JSON.parse(fs.readFileSync(0, 'utf8'));
  const ids = [];
  for (const sentence of sentences) ids.push(Array.from((await tokenizer.encode(sentence, null, { addSpecialTokens: false })).getIds()));
  process.stdout.write(JSON.stringify(ids));
}

main().catch(e => { process.stderr.write(`reference.js: ${e.message}\n`); process.exit(2); });
