"""LoRA on BERT in plain PyTorch, written from the definitions, not from Repro's code.

BERT (Devlin et al. 2019, Hugging Face's BertModel names): word + position + token-type embeddings, LayerNorm; per layer
post-LN self-attention (padded keys masked) and a GELU (erf) feed-forward; the pooler tanh(W h[CLS] + b); the
BertForSequenceClassification head `classifier`. LoRA (Hu et al. 2021) in PEFT's layout: an adapted Linear computes
W x + b + (lora_alpha / r) * B (A x), with A = `<module>.lora_A.weight` (r, in) and B = `<module>.lora_B.weight` (out, r)
under `base_model.model.`; the tensors of `modules_to_save` (the head) replace the base model's. Merged: W + (alpha / r) B A.

Commands:
  write-base FOLDER SEED   a tiny BERT folder with random weights (config.json, vocab.txt, model.safetensors)
  logits                   reads JSON on stdin: {base, adapter, merged, run_vocab, inputs: [[run ids]], break: null|"scale"|"swap"}
                           and prints {"unmerged": [...], "merged": [...], "merged_folder": [...]}: the logits of the base
                           folder with the adapter applied unmerged, with it merged into the weights, and of the folder
                           `repro export --merge` wrote. The inputs are one padded batch. `break` computes a wrong LoRA on
                           purpose (scale: alpha / r left out; swap: A and B exchanged, transposed where shapes allow), so a
                           test can show the comparison catches it.
Everything is computed in float64.
"""
import json
import math
import os
import sys

import torch

import hf_io

WORDS = ["the", "a", "cat", "dog", "sat", "on", "mat", "ran", "far", "big", "small", "red", "blue", "house", "tree",
         "good", "bad", "film", "great", "poor", "fine", "awful", "nice", "weak", "##s", "##ing"]
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
HIDDEN, LAYERS, HEADS, FFN, POSITIONS = 16, 2, 2, 32, 32


def write_base(folder, seed):
    os.makedirs(folder, exist_ok=True)
    generator = torch.Generator().manual_seed(seed)
    vocab = SPECIALS[:1] + ["[unused0]"] + SPECIALS[1:] + WORDS   # the specials not at the rows Repro gives them

    def r(*shape):
        return torch.randn(*shape, generator=generator) * 0.3

    t = {"embeddings.word_embeddings.weight": r(len(vocab), HIDDEN), "embeddings.position_embeddings.weight": r(POSITIONS, HIDDEN),
         "embeddings.token_type_embeddings.weight": r(2, HIDDEN), "embeddings.LayerNorm.weight": 1 + r(HIDDEN),
         "embeddings.LayerNorm.bias": r(HIDDEN), "pooler.dense.weight": r(HIDDEN, HIDDEN), "pooler.dense.bias": r(HIDDEN)}
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        for name, (out, inp) in {"attention.self.query": (HIDDEN, HIDDEN), "attention.self.key": (HIDDEN, HIDDEN),
                                 "attention.self.value": (HIDDEN, HIDDEN), "attention.output.dense": (HIDDEN, HIDDEN),
                                 "intermediate.dense": (FFN, HIDDEN), "output.dense": (HIDDEN, FFN)}.items():
            t[p + name + ".weight"] = r(out, inp)
            t[p + name + ".bias"] = r(out)
        for norm in ["attention.output.LayerNorm", "output.LayerNorm"]:
            t[p + norm + ".weight"] = 1 + r(HIDDEN)
            t[p + norm + ".bias"] = r(HIDDEN)
    hf_io.write_safetensors(os.path.join(folder, "model.safetensors"), t)
    config = {"architectures": ["BertModel"], "model_type": "bert", "vocab_size": len(vocab), "hidden_size": HIDDEN,
              "num_hidden_layers": LAYERS, "num_attention_heads": HEADS, "intermediate_size": FFN, "hidden_act": "gelu",
              "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1, "max_position_embeddings": POSITIONS,
              "type_vocab_size": 2, "layer_norm_eps": 1e-12, "initializer_range": 0.02, "pad_token_id": 0}
    json.dump(config, open(os.path.join(folder, "config.json"), "w"), indent=2)
    open(os.path.join(folder, "vocab.txt"), "w").write("\n".join(vocab) + "\n")
    json.dump({"do_lower_case": True}, open(os.path.join(folder, "tokenizer_config.json"), "w"))


def strip(name, prefix):
    return name[len(prefix):] if name.startswith(prefix) else name


def load_folder(folder):
    """A Hugging Face BERT folder: its config, vocabulary and tensors by BertModel name (without `bert.`)."""
    config = json.load(open(os.path.join(folder, "config.json")))
    vocab = open(os.path.join(folder, "vocab.txt")).read().split("\n")
    tensors = {strip(k, "bert."): v.to(torch.float64) for k, v in hf_io.read_safetensors(os.path.join(folder, "model.safetensors")).items()}
    return config, vocab, tensors


def forward(weights, lora, config, ids, mask):
    """Classification logits (batch, labels) of BertForSequenceClassification; lora: module -> (A, B, scale)."""

    def linear(x, name):
        y = x @ weights[name + ".weight"].T + weights[name + ".bias"]
        if name in lora:
            a, b, scale = lora[name]
            y = y + scale * ((x @ a.T) @ b.T)
        return y

    def norm(x, name):
        return torch.nn.functional.layer_norm(x, (x.shape[-1],), weights[name + ".weight"], weights[name + ".bias"], config["layer_norm_eps"])

    batch, length = ids.shape
    heads, hidden = config["num_attention_heads"], config["hidden_size"]
    h = (weights["embeddings.word_embeddings.weight"][ids] + weights["embeddings.position_embeddings.weight"][:length]
         + weights["embeddings.token_type_embeddings.weight"][0])
    h = norm(h, "embeddings.LayerNorm")
    masked = (1.0 - mask.to(torch.float64))[:, None, None, :] * torch.finfo(torch.float64).min
    for i in range(config["num_hidden_layers"]):
        p = f"encoder.layer.{i}."

        def split(x):
            return x.view(batch, length, heads, hidden // heads).transpose(1, 2)

        q, k, v = (split(linear(h, p + "attention.self." + n)) for n in ("query", "key", "value"))
        scores = q @ k.transpose(-1, -2) / math.sqrt(hidden // heads) + masked
        context = (torch.softmax(scores, dim=-1) @ v).transpose(1, 2).reshape(batch, length, hidden)
        a = norm(linear(context, p + "attention.output.dense") + h, p + "attention.output.LayerNorm")
        f = torch.nn.functional.gelu(linear(a, p + "intermediate.dense"))
        h = norm(linear(f, p + "output.dense") + a, p + "output.LayerNorm")
    pooled = torch.tanh(linear(h[:, 0], "pooler.dense"))
    return linear(pooled, "classifier")


def batch(inputs, run_vocab, vocab):
    """The run's ids as ids of `vocab` (by token), right-padded with its [PAD], and the attention mask."""
    index = {token: i for i, token in enumerate(vocab)}
    rows = [[index[run_vocab[i]] for i in row] for row in inputs]
    length = max(len(row) for row in rows)
    ids = torch.tensor([row + [index["[PAD]"]] * (length - len(row)) for row in rows])
    mask = torch.tensor([[1] * len(row) + [0] * (length - len(row)) for row in rows])
    return ids, mask


def logits(request):
    config, vocab, base = load_folder(request["base"])
    adapter_config = json.load(open(os.path.join(request["adapter"], "adapter_config.json")))
    assert adapter_config["peft_type"] == "LORA"
    adapter = {strip(strip(k, "base_model.model."), "bert."): v.to(torch.float64)
               for k, v in hf_io.read_safetensors(os.path.join(request["adapter"], "adapter_model.safetensors")).items()}
    scale = adapter_config["lora_alpha"] / adapter_config["r"]
    broken = request.get("break")
    if broken == "scale":
        scale = 1.0
    lora = {}
    for module in adapter_config["target_modules"]:
        module = strip(module, "bert.")
        a, b = adapter[module + ".lora_A.weight"], adapter[module + ".lora_B.weight"]
        assert a.shape[0] == b.shape[1] == adapter_config["r"], f"{module}: A {tuple(a.shape)}, B {tuple(b.shape)}"
        if broken == "swap" and a.shape[1] == b.shape[0]:
            a, b = b.T, a.T
        lora[module] = (a, b, scale)
    # modules_to_save: the adapter's own copy of these modules replaces the base model's.
    weights = dict(base)
    for module in adapter_config.get("modules_to_save") or []:
        for name, value in adapter.items():
            if name.startswith(module + "."):
                weights[name] = value
    run_vocab = open(request["run_vocab"]).read().split("\n")
    ids, mask = batch(request["inputs"], run_vocab, vocab)
    unmerged = forward(weights, lora, config, ids, mask)
    merged_weights = dict(weights)
    for module, (a, b, s) in lora.items():
        merged_weights[module + ".weight"] = weights[module + ".weight"] + s * (b @ a)
    merged = forward(merged_weights, {}, config, ids, mask)
    folder_config, folder_vocab, folder = load_folder(request["merged"])
    ids, mask = batch(request["inputs"], run_vocab, folder_vocab)
    merged_folder = forward(folder, {}, folder_config, ids, mask)
    json.dump({"unmerged": unmerged.tolist(), "merged": merged.tolist(), "merged_folder": merged_folder.tolist()}, sys.stdout)


if __name__ == "__main__":
    if sys.argv[1] == "write-base":
        write_base(sys.argv[2], int(sys.argv[3]))
        print("{}")
    elif sys.argv[1] == "logits":
        logits(json.load(sys.stdin))
    else:
        sys.exit(f"unknown command {sys.argv[1]}")
