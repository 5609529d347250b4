"""GPT-2 (Radford et al. 2019; Hugging Face GPT2LMHeadModel's layout), in plain PyTorch, from the architecture's definition.

Blocks are pre-LN: h = h + attn(ln_1(h)); h = h + mlp(ln_2(h)); then ln_f; logits = h . wte^T (the LM head is tied).
Attention: qkv = x W_attn + b (Conv1D: W is (in, out)), causal softmax(q k^T / sqrt(d)) v over heads, then c_proj.
MLP: c_proj(gelu_new(c_fc(x))), gelu_new(x) = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))). Positions are learned (wpe).

--mistake conv1d-as-linear reads the square Conv1D weights (attn.c_proj) as if they were Linear (out, in): what a loader
that forgot the transpose computes; the tests assert it lands outside their tolerance.
"""
import math

import torch

import hf_io

CONFIG = {
    "architectures": ["GPT2LMHeadModel"], "model_type": "gpt2", "vocab_size": 50, "n_positions": 16, "n_embd": 32,
    "n_layer": 2, "n_head": 4, "n_inner": 48, "activation_function": "gelu_new", "resid_pdrop": 0.1, "embd_pdrop": 0.1,
    "attn_pdrop": 0.1, "layer_norm_epsilon": 1e-5, "initializer_range": 0.02, "scale_attn_weights": True,
    "tie_word_embeddings": True,
}


def write_checkpoint(generator):
    c = CONFIG
    h, f, v, p = c["n_embd"], c["n_inner"], c["vocab_size"], c["n_positions"]

    def normal(*shape, std=1.0):
        return torch.randn(*shape, generator=generator) * std

    t = {"transformer.wte.weight": normal(v, h, std=0.5), "transformer.wpe.weight": normal(p, h, std=0.5)}
    for n in range(c["n_layer"]):
        pre = f"transformer.h.{n}."
        for ln in ("ln_1", "ln_2"):
            t[pre + ln + ".weight"] = 1 + normal(h, std=0.2)
            t[pre + ln + ".bias"] = normal(h, std=0.2)
        for name, (fan_in, fan_out) in {"attn.c_attn": (h, 3 * h), "attn.c_proj": (h, h), "mlp.c_fc": (h, f), "mlp.c_proj": (f, h)}.items():
            t[pre + name + ".weight"] = normal(fan_in, fan_out, std=1 / math.sqrt(fan_in))  # Conv1D: (in, out)
            t[pre + name + ".bias"] = normal(fan_out, std=0.1)
        t[pre + "attn.bias"] = torch.tril(torch.ones(p, p)).view(1, 1, p, p)  # the causal-mask buffer old checkpoints carry
    t["transformer.ln_f.weight"] = 1 + normal(h, std=0.2)
    t["transformer.ln_f.bias"] = normal(h, std=0.2)
    return dict(CONFIG), t


def forward(c, t, ids, mistake):
    def w(name):
        return t.get("transformer." + name, t.get(name))

    h, heads, eps = c["n_embd"], c["n_head"], c["layer_norm_epsilon"]
    d = h // heads
    length = ids.shape[0]

    def ln(x, name):
        mean = x.mean(-1, keepdim=True)
        var = ((x - mean) ** 2).mean(-1, keepdim=True)
        return (x - mean) / torch.sqrt(var + eps) * w(name + ".weight") + w(name + ".bias")

    def conv1d(x, name):
        weight = w(name + ".weight")
        if mistake == "conv1d-as-linear" and name.endswith("attn.c_proj"):
            weight = weight.t()
        return x @ weight + w(name + ".bias")

    def gelu_new(x):
        return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))

    x = w("wte.weight")[ids] + w("wpe.weight")[:length]
    causal = torch.ones(length, length).tril().bool()
    for n in range(c["n_layer"]):
        pre = f"h.{n}."
        q, k, v = conv1d(ln(x, pre + "ln_1"), pre + "attn.c_attn").split(h, dim=-1)
        q, k, v = (y.view(length, heads, d).transpose(0, 1) for y in (q, k, v))
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(d)
        scores = scores.masked_fill(~causal, float("-inf"))
        context = (scores.softmax(-1) @ v).transpose(0, 1).reshape(length, h)
        x = x + conv1d(context, pre + "attn.c_proj")
        x = x + conv1d(gelu_new(conv1d(ln(x, pre + "ln_2"), pre + "mlp.c_fc")), pre + "mlp.c_proj")
    x = ln(x, "ln_f")
    return x, x @ w("wte.weight").t()


if __name__ == "__main__":
    hf_io.main(write_checkpoint, forward)
