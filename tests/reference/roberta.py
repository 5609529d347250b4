#!/usr/bin/python3
"""RoBERTa in plain PyTorch, written from the model's definition (Liu et al. 2019; Hugging Face's modeling_roberta
layout and names), not from Repro's code: an independent reference for bert-encoder's RoBERTa support.

  roberta.py write FOLDER VOCAB_SIZE SEED
      writes config.json and model.safetensors: random weights in the Hugging Face layout, the body under
      "roberta.", RobertaForMaskedLM's lm_head.* and RobertaForSequenceClassification's classifier.* (3 labels).
      The safetensors file is written by hand (hf_io.py).
  roberta.py forward FOLDER < {"ids": [[...]], "mask": [[...]]} > {"hidden": [...], "mlm": [...], "classifier": [...]}
      runs the folder's model (names with or without "roberta.", a tied decoder) on checkpoint ids in eval mode and
      prints the last hidden states (batch, length, hidden), the masked-LM logits (batch, length, vocab) and, when the
      folder has a classifier, its logits (batch, labels), each flattened in row-major order.

The model: embeddings = word + position + token type (0), positions from create_position_ids_from_input_ids
(cumsum of the non-padding mask, times the mask, plus padding_idx = pad_token_id), then LayerNorm(eps = layer_norm_eps);
post-LN layers: LN(x + Attention(x)), LN(x + W2 gelu(W1 x)); lm_head: decoder(LN(gelu(dense(x)))) + bias with the
decoder tied to the word embeddings; classifier: out_proj(tanh(dense(x[:, 0]))). Dropout is off (eval).
"""
import json
import math
import sys

import torch

import hf_io

HIDDEN, LAYERS, HEADS, FFN, POSITIONS, LABELS, PAD = 32, 2, 4, 37, 40, 3, 1


def config(vocab_size):
    return {
        "architectures": ["RobertaForMaskedLM"], "model_type": "roberta", "vocab_size": vocab_size, "hidden_size": HIDDEN,
        "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "intermediate_size": FFN, "hidden_act": "gelu",
        "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "max_position_embeddings": POSITIONS,
        "type_vocab_size": 1, "initializer_range": 0.02, "layer_norm_eps": 1e-5, "pad_token_id": PAD, "bos_token_id": 0,
        "eos_token_id": 2, "position_embedding_type": "absolute",
    }


def random_weights(vocab_size, seed):
    g = torch.Generator().manual_seed(seed)

    def normal(*shape, std=0.3, mean=0.0):
        return torch.randn(*shape, generator=g) * std + mean

    w = {
        "roberta.embeddings.word_embeddings.weight": normal(vocab_size, HIDDEN),
        "roberta.embeddings.position_embeddings.weight": normal(POSITIONS, HIDDEN),
        "roberta.embeddings.token_type_embeddings.weight": normal(1, HIDDEN),
        "roberta.embeddings.LayerNorm.weight": normal(HIDDEN, std=0.1, mean=1.0),
        "roberta.embeddings.LayerNorm.bias": normal(HIDDEN, std=0.1),
    }
    for i in range(LAYERS):
        p = f"roberta.encoder.layer.{i}."
        for name, (rows, cols) in {"attention.self.query": (HIDDEN, HIDDEN), "attention.self.key": (HIDDEN, HIDDEN),
                                   "attention.self.value": (HIDDEN, HIDDEN), "attention.output.dense": (HIDDEN, HIDDEN),
                                   "intermediate.dense": (FFN, HIDDEN), "output.dense": (HIDDEN, FFN)}.items():
            w[p + name + ".weight"] = normal(rows, cols, std=1 / math.sqrt(cols))
            w[p + name + ".bias"] = normal(rows, std=0.1)
        for norm in ("attention.output.LayerNorm", "output.LayerNorm"):
            w[p + norm + ".weight"] = normal(HIDDEN, std=0.1, mean=1.0)
            w[p + norm + ".bias"] = normal(HIDDEN, std=0.1)
    w["lm_head.dense.weight"] = normal(HIDDEN, HIDDEN, std=1 / math.sqrt(HIDDEN))
    w["lm_head.dense.bias"] = normal(HIDDEN, std=0.1)
    w["lm_head.layer_norm.weight"] = normal(HIDDEN, std=0.1, mean=1.0)
    w["lm_head.layer_norm.bias"] = normal(HIDDEN, std=0.1)
    w["lm_head.bias"] = normal(vocab_size, std=0.1)
    w["classifier.dense.weight"] = normal(HIDDEN, HIDDEN, std=1 / math.sqrt(HIDDEN))
    w["classifier.dense.bias"] = normal(HIDDEN, std=0.1)
    w["classifier.out_proj.weight"] = normal(LABELS, HIDDEN, std=1 / math.sqrt(HIDDEN))
    w["classifier.out_proj.bias"] = normal(LABELS, std=0.1)
    return w


def layer_norm(x, w, prefix, eps):
    return torch.nn.functional.layer_norm(x, (x.shape[-1],), w[prefix + ".weight"], w[prefix + ".bias"], eps)


def linear(x, w, prefix):
    return x @ w[prefix + ".weight"].T + w[prefix + ".bias"]


def forward(w, cfg, ids, mask):
    pad, eps, heads = cfg["pad_token_id"], cfg["layer_norm_eps"], cfg["num_attention_heads"]
    not_pad = ids.ne(pad).long()
    positions = torch.cumsum(not_pad, dim=1) * not_pad + pad
    x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][positions]
         + w["embeddings.token_type_embeddings.weight"][torch.zeros_like(ids)])
    x = layer_norm(x, w, "embeddings.LayerNorm", eps)
    batch, length, hidden = x.shape
    size = hidden // heads
    additive = (1.0 - mask[:, None, None, :].float()) * torch.finfo(torch.float32).min
    for i in range(cfg["num_hidden_layers"]):
        p = f"encoder.layer.{i}."

        def split(t):
            return t.view(batch, length, heads, size).transpose(1, 2)

        q, k, v = (split(linear(x, w, p + "attention.self." + n)) for n in ("query", "key", "value"))
        scores = q @ k.transpose(-1, -2) / math.sqrt(size) + additive
        context = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(batch, length, hidden)
        x = layer_norm(linear(context, w, p + "attention.output.dense") + x, w, p + "attention.output.LayerNorm", eps)
        inner = torch.nn.functional.gelu(linear(x, w, p + "intermediate.dense"))
        x = layer_norm(linear(inner, w, p + "output.dense") + x, w, p + "output.LayerNorm", eps)
    out = {"hidden": x}
    if "lm_head.dense.weight" in w:
        h = layer_norm(torch.nn.functional.gelu(linear(x, w, "lm_head.dense")), w, "lm_head.layer_norm", eps)
        out["mlm"] = h @ w["embeddings.word_embeddings.weight"].T + w["lm_head.bias"]
    if "classifier.dense.weight" in w:
        out["classifier"] = linear(torch.tanh(linear(x[:, 0], w, "classifier.dense")), w, "classifier.out_proj")
    return out


def main():
    command, folder = sys.argv[1], sys.argv[2]
    if command == "write":
        vocab_size, seed = int(sys.argv[3]), int(sys.argv[4])
        with open(f"{folder}/config.json", "w") as f:
            json.dump(config(vocab_size), f, indent=2)
        hf_io.write_safetensors(f"{folder}/model.safetensors", random_weights(vocab_size, seed))
    elif command == "forward":
        with open(f"{folder}/config.json") as f:
            cfg = json.load(f)
        w = {k.removeprefix("roberta."): v for k, v in hf_io.read_safetensors(f"{folder}/model.safetensors").items()}
        batch = json.load(sys.stdin)
        with torch.no_grad():
            out = forward(w, cfg, torch.tensor(batch["ids"]), torch.tensor(batch["mask"]))
        json.dump({k: v.reshape(-1).tolist() for k, v in out.items()}, sys.stdout)
    else:
        raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()
