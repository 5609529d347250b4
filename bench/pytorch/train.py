"""The bench workload in PyTorch eager: the same BERT-style encoder as the bert-encoder plugin (post-LN,
GELU, CLS pooler, tied masked-LM decoder), BERT initialisation (N(0, 0.02) weights, zero biases, unit
LayerNorm), the same batch, sequence length, AdamW with decay on matrices only, global-norm clipping,
linear warmup/decay and thread count. Data: uniform random word ids of the same shape and vocabulary,
masked BERT-style at the same rate (the numbers differ from the C# runs; the work per step does not).

With --checkpoint FOLDER (a Hugging Face BERT folder: config.json, model.safetensors) the body's shape, dropout,
LayerNorm eps and activation come from config.json and its weights from model.safetensors, read here without the
safetensors package (Debian 12 has none); token ids are then uniform over the checkpoint's non-special rows.

python3 train.py OUT.json --workload finetune|mlm --hidden N ...   (prints "first-step" after step 1)
python3 train.py OUT.json --checkpoint FOLDER --pooling mean ...    (a pretrained body)
python3 train.py --gemm THREADS                                     (prints fp32 GEMM GFLOP/s)
"""
import argparse
import json
import math
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

SPECIALS, MASK = 5, 4


class SelfAttention(nn.Module):
    def __init__(self, h, heads, p):
        super().__init__()
        self.query, self.key, self.value, self.output = (nn.Linear(h, h) for _ in range(4))
        self.heads, self.p = heads, p

    def forward(self, x, mask):
        b, n, h = x.shape
        split = lambda t: t.view(b, n, self.heads, h // self.heads).transpose(1, 2)
        q, k, v = split(self.query(x)), split(self.key(x)), split(self.value(x))
        scores = q @ k.transpose(-2, -1) / math.sqrt(h // self.heads) + mask
        probs = F.dropout(scores.softmax(-1), self.p, self.training)
        return self.output((probs @ v).transpose(1, 2).reshape(b, n, h))


class Layer(nn.Module):
    def __init__(self, h, heads, ffn, p, eps=1e-12):
        super().__init__()
        self.attention = SelfAttention(h, heads, p)
        self.attention_norm = nn.LayerNorm(h, eps=eps)
        self.ffn_in, self.ffn_out = nn.Linear(h, ffn), nn.Linear(ffn, h)
        self.ffn_norm = nn.LayerNorm(h, eps=eps)
        self.dropout = nn.Dropout(p)

    def forward(self, x, mask):
        x = self.attention_norm(x + self.dropout(self.attention(x, mask)))
        return self.ffn_norm(x + self.dropout(self.ffn_out(F.gelu(self.ffn_in(x)))))  # exact (erf) GELU


class Encoder(nn.Module):
    def __init__(self, vocab, positions, h, layers, heads, ffn, p, pooling="pooler", eps=1e-12, segments=2):
        super().__init__()
        self.word = nn.Embedding(vocab, h, padding_idx=0)
        self.position = nn.Embedding(positions, h)
        self.segment = nn.Embedding(segments, h)
        self.norm = nn.LayerNorm(h, eps=eps)
        self.dropout = nn.Dropout(p)
        self.layers = nn.ModuleList(Layer(h, heads, ffn, p, eps) for _ in range(layers))
        self.pooling = pooling
        self.pooler = nn.Linear(h, h) if pooling == "pooler" else None

    def forward(self, ids, segments, padding):
        positions = torch.arange(ids.shape[1])
        x = self.dropout(self.norm(self.word(ids) + self.position(positions) + self.segment(segments)))
        mask = torch.zeros(ids.shape[0], 1, 1, ids.shape[1]).masked_fill(padding.view(ids.shape[0], 1, 1, -1), torch.finfo(x.dtype).min)
        for layer in self.layers:
            x = layer(x, mask)
        states = x.masked_fill(padding.unsqueeze(-1), 0)
        if self.pooling == "pooler":
            return states, torch.tanh(self.pooler(states[:, 0]))
        if self.pooling == "cls":
            return states, states[:, 0]
        real = (~padding).unsqueeze(-1).to(states.dtype)  # sentence-transformers' mean pooling
        return states, (states * real).sum(1) / real.sum(1).clamp_min(1)


def read_safetensors(path):
    """name -> float32 tensor: an 8-byte little-endian header length, a JSON header {name: {dtype, shape,
    data_offsets}} and the raw little-endian bytes after it (offsets relative to the end of the header)."""
    with open(path, "rb") as f:
        data = bytearray(f.read())
    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8:8 + size])
    dtypes = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        begin, end = entry["data_offsets"]
        dtype = dtypes[entry["dtype"]]
        count = (end - begin) // torch.tensor([], dtype=dtype).element_size()
        value = torch.frombuffer(data, dtype=dtype, count=count, offset=8 + size + begin) if count else torch.empty(0, dtype=dtype)
        tensors[name] = value.reshape(entry["shape"]).float()
    return tensors


def hf_state_dict(stored, layers, pooler):
    """The Hugging Face BertModel tensors under this file's module names (the table of HfBertNames.cs)."""
    stored = {(k[5:] if k.startswith("bert.") else k).replace("LayerNorm.gamma", "LayerNorm.weight").replace("LayerNorm.beta", "LayerNorm.bias"): v
              for k, v in stored.items()}
    names = {"embeddings.word_embeddings.weight": "word.weight", "embeddings.position_embeddings.weight": "position.weight",
             "embeddings.token_type_embeddings.weight": "segment.weight"}
    parts = [("embeddings.LayerNorm", "norm")]
    for i in range(layers):
        for hf, ours in [("attention.self.query", "attention.query"), ("attention.self.key", "attention.key"),
                         ("attention.self.value", "attention.value"), ("attention.output.dense", "attention.output"),
                         ("attention.output.LayerNorm", "attention_norm"), ("intermediate.dense", "ffn_in"),
                         ("output.dense", "ffn_out"), ("output.LayerNorm", "ffn_norm")]:
            parts.append((f"encoder.layer.{i}.{hf}", f"layers.{i}.{ours}"))
    if pooler:
        parts.append(("pooler.dense", "pooler"))
    for hf, ours in parts:
        for p in ("weight", "bias"):
            names[f"{hf}.{p}"] = f"{ours}.{p}"
    return {ours: stored[hf] for hf, ours in names.items()}


class MaskedLmHead(nn.Module):
    def __init__(self, h, vocab, decoder_weight):
        super().__init__()
        self.transform, self.norm = nn.Linear(h, h), nn.LayerNorm(h, eps=1e-12)
        self.bias = nn.Parameter(torch.zeros(vocab))
        self.decoder_weight = decoder_weight  # a getter: the weight stays registered in the encoder only

    def forward(self, states):
        return F.linear(self.norm(F.gelu(self.transform(states))), self.decoder_weight(), self.bias)


class ClassificationHead(nn.Module):
    def __init__(self, h, classes, p):
        super().__init__()
        self.dropout, self.classifier = nn.Dropout(p), nn.Linear(h, classes)

    def forward(self, pooled):
        return self.classifier(self.dropout(pooled))


def bert_init(root, std=0.02):
    with torch.no_grad():
        for m in root.modules():
            if isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, 0, std)
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.Embedding):
                nn.init.normal_(m.weight, 0, std)
            elif isinstance(m, nn.LayerNorm):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)


def gemm(threads, size=2048, repeats=8):
    torch.set_num_threads(threads)
    a, b = torch.randn(size, size), torch.randn(size, size)
    a @ b
    best = min(timed(lambda: a @ b) for _ in range(repeats))
    return 2 * size ** 3 / best / 1e9


def timed(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def main(argv):
    if argv[:1] == ["--gemm"]:
        print(f"{gemm(int(argv[1])):.1f}")
        return
    a = argparse.ArgumentParser()
    a.add_argument("out")
    for name, kind, default in [("workload", str, "finetune"), ("hidden", int, 128), ("layers", int, 2), ("heads", int, 2),
                                ("ffn", int, 512), ("dropout", float, 0.1), ("length", int, 126), ("vocabulary", int, 2000),
                                ("batch", int, 32), ("steps", int, 60), ("window", int, 10), ("lr", float, 1e-4),
                                ("weight-decay", float, 0.01), ("warmup-ratio", float, 0.1), ("grad-clip", float, 1.0),
                                ("mask-probability", float, 0.15), ("threads", int, 2), ("seed", int, 1),
                                ("train-size", int, 0), ("data-seed", int, 0), ("stage", str, ""),
                                ("checkpoint", str, ""), ("pooling", str, "pooler")]:
        a.add_argument("--" + name, type=kind, default=default)
    s = a.parse_args(argv)
    torch.set_num_threads(s.threads)
    torch.manual_seed(s.seed)
    vocab, width, mlm = s.vocabulary + SPECIALS, s.length + 2, s.workload == "mlm"
    first_id, cls, sep, mask_id = SPECIALS, 2, 3, MASK

    if s.checkpoint:
        with open(f"{s.checkpoint}/config.json") as f:
            hf = json.load(f)
        assert hf["hidden_act"] == "gelu", "exact GELU only"
        assert hf["hidden_dropout_prob"] == hf["attention_probs_dropout_prob"], "one dropout rate only"
        vocab, h, layers, heads, ffn = hf["vocab_size"], hf["hidden_size"], hf["num_hidden_layers"], hf["num_attention_heads"], hf["intermediate_size"]
        body = Encoder(vocab, hf["max_position_embeddings"], h, layers, heads, ffn, hf["hidden_dropout_prob"], s.pooling,
                       hf["layer_norm_eps"], hf["type_vocab_size"])
        body.load_state_dict(hf_state_dict(read_safetensors(f"{s.checkpoint}/model.safetensors"), layers, s.pooling == "pooler"))
        s.hidden = h
        # BERT uncased: [CLS] 101, [SEP] 102, [MASK] 103; ids from 999 on are real word pieces.
        first_id, cls, sep, mask_id = 999, 101, 102, 103
    else:
        body = Encoder(vocab, width, s.hidden, s.layers, s.heads, s.ffn, s.dropout, s.pooling)
        bert_init(body)
        with torch.no_grad():
            body.word.weight[0].zero_()
    head = MaskedLmHead(s.hidden, vocab, lambda: body.word.weight) if mlm else ClassificationHead(s.hidden, 2, s.dropout)
    bert_init(head)
    params = list(body.parameters()) + list(head.parameters())
    optimizer = torch.optim.AdamW([
        {"params": [p for p in params if p.dim() >= 2], "weight_decay": s.weight_decay},
        {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0}], lr=s.lr, betas=(0.9, 0.999), eps=1e-8)
    warmup = min(s.steps, round(s.warmup_ratio * s.steps))
    body.train()
    head.train()

    def batch():
        ids = torch.randint(first_id, vocab, (s.batch, width))
        ids[:, 0], ids[:, -1] = cls, sep
        padding = torch.zeros(s.batch, width, dtype=torch.bool)
        if not mlm:
            return ids, padding, torch.randint(0, 2, (s.batch,))
        chosen = (torch.rand(s.batch, width) < s.mask_probability) & (ids >= first_id)
        targets = torch.where(chosen, ids, torch.full_like(ids, -100))
        roll = torch.rand(s.batch, width)
        ids = torch.where(chosen & (roll < 0.8), torch.full_like(ids, mask_id), ids)
        ids = torch.where(chosen & (roll >= 0.8) & (roll < 0.9), torch.randint(first_id, vocab, ids.shape), ids)
        return ids, padding, targets

    running = torch.zeros(1)
    windows, losses = [], []
    # The step split, as `repro run --profile` takes it: seconds per phase summed over all steps.
    phases = {name: 0.0 for name in ("data", "forward", "backward", "clip", "optimizer", "other")}
    mark_time = [time.perf_counter()]

    def mark(phase):
        now = time.perf_counter()
        phases[phase] += now - mark_time[0]
        mark_time[0] = now

    clock = time.perf_counter()
    window_start, window_steps = 0.0, 0
    for step in range(1, s.steps + 1):
        mark_time[0] = time.perf_counter()
        ids, padding, targets = batch()
        mark("data")
        optimizer.zero_grad()
        mark("optimizer")
        states, pooled = body(ids, torch.zeros_like(ids), padding)
        if mlm:
            positions = targets.reshape(-1).ne(-100).nonzero().squeeze(1)
            logits = head(states.reshape(-1, states.shape[-1]).index_select(0, positions))
            loss = F.cross_entropy(logits, targets.reshape(-1).index_select(0, positions))
        else:
            loss = F.cross_entropy(head(pooled), targets)
        mark("forward")
        loss.backward()
        mark("backward")
        if s.grad_clip > 0:
            torch.nn.utils.clip_grad_norm_(params, s.grad_clip)
        mark("clip")
        i = step - 1
        lr = s.lr * (i + 1) / warmup if i < warmup else s.lr * (1 - (i - warmup) / max(1, s.steps - warmup))
        for group in optimizer.param_groups:
            group["lr"] = lr
        optimizer.step()
        mark("optimizer")
        with torch.no_grad():
            running += loss.detach()
        window_steps += 1
        if step == 1:
            print("first-step", flush=True)
        if step % s.window == 0 or step == s.steps:
            losses.append(running.item() / window_steps)
            running.zero_()
            now = time.perf_counter() - clock
            windows.append(now - window_start)
            window_start, window_steps = now, 0
        mark("other")
    with open(s.out, "w") as f:
        json.dump({"window_steps": s.window, "batch": s.batch, "window_seconds": windows, "window_losses": losses,
                   "steps": s.steps, "phase_seconds": phases}, f)


if __name__ == "__main__":
    main(sys.argv[1:])
