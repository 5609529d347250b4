"""LLaMA (Touvron et al. 2023; Hugging Face LlamaForCausalLM's layout), in plain PyTorch, from the architecture's definition.

Blocks: h = h + attn(rms(h)); h = h + mlp(rms(h)); then rms (model.norm); logits = h . lm_head^T. RMSNorm:
w * x / sqrt(mean(x^2) + eps). Attention: q, k, v projections without bias, rotary positions on q and k in the rotate_half
layout (dimension i pairs with i + d/2; angle p * theta^(-2i/d)), grouped-query attention (each key/value head serves
heads / kv_heads consecutive query heads), causal softmax(q k^T / sqrt(d)) v, then o_proj. MLP: down(silu(gate(x)) * up(x)).

--mistake interleaved-rope rotates adjacent pairs (2i, 2i+1) instead (GPT-J / Meta's original complex layout): what a loader
that mixed up the two layouts computes; the tests assert it lands outside their tolerance.
"""
import math

import torch

import hf_io

CONFIG = {
    "architectures": ["LlamaForCausalLM"], "model_type": "llama", "vocab_size": 50, "hidden_size": 32,
    "intermediate_size": 48, "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
    "hidden_act": "silu", "max_position_embeddings": 16, "rms_norm_eps": 1e-6, "rope_theta": 500.0, "rope_scaling": None,
    "attention_bias": False, "mlp_bias": False, "tie_word_embeddings": False, "attention_dropout": 0.0,
    "initializer_range": 0.02,
}


def write_checkpoint(generator):
    c = CONFIG
    h, f, v = c["hidden_size"], c["intermediate_size"], c["vocab_size"]
    kv = c["num_key_value_heads"] * (h // c["num_attention_heads"])

    def normal(*shape, std=1.0):
        return torch.randn(*shape, generator=generator) * std

    t = {"model.embed_tokens.weight": normal(v, h, std=0.5)}
    for n in range(c["num_hidden_layers"]):
        pre = f"model.layers.{n}."
        t[pre + "input_layernorm.weight"] = 1 + normal(h, std=0.2)
        t[pre + "post_attention_layernorm.weight"] = 1 + normal(h, std=0.2)
        for name, (out, inp) in {"self_attn.q_proj": (h, h), "self_attn.k_proj": (kv, h), "self_attn.v_proj": (kv, h),
                                 "self_attn.o_proj": (h, h), "mlp.gate_proj": (f, h), "mlp.up_proj": (f, h),
                                 "mlp.down_proj": (h, f)}.items():
            t[pre + name + ".weight"] = normal(out, inp, std=1 / math.sqrt(inp))  # Linear: (out, in)
    t["model.norm.weight"] = 1 + normal(h, std=0.2)
    t["lm_head.weight"] = normal(v, h, std=0.5)
    return dict(CONFIG), t


def forward(c, t, ids, mistake):
    def w(name):
        return t.get("model." + name, t.get(name))

    h, heads = c["hidden_size"], c["num_attention_heads"]
    kv_heads = c.get("num_key_value_heads", heads)
    d, eps, theta = h // heads, c["rms_norm_eps"], c["rope_theta"]
    length = ids.shape[0]

    def rms(x, name):
        return w(name + ".weight") * (x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps))

    def linear(x, name):
        return x @ w(name + ".weight").t()

    frequencies = 1.0 / theta ** (torch.arange(0, d, 2, dtype=torch.float32) / d)  # (d/2,)
    angles = torch.arange(length, dtype=torch.float32)[:, None] * frequencies[None, :]  # (length, d/2)

    def rotate(x):  # x: (heads, length, d)
        cos, sin = torch.cos(angles), torch.sin(angles)
        if mistake == "interleaved-rope":
            even, odd = x[..., 0::2], x[..., 1::2]
            return torch.stack([even * cos - odd * sin, even * sin + odd * cos], dim=-1).flatten(-2)
        first, second = x[..., : d // 2], x[..., d // 2:]
        return torch.cat([first * cos - second * sin, second * cos + first * sin], dim=-1)

    x = w("embed_tokens.weight")[ids]
    causal = torch.ones(length, length).tril().bool()
    for n in range(c["num_hidden_layers"]):
        pre = f"layers.{n}."
        a = rms(x, pre + "input_layernorm")
        q = rotate(linear(a, pre + "self_attn.q_proj").view(length, heads, d).transpose(0, 1))
        k = rotate(linear(a, pre + "self_attn.k_proj").view(length, kv_heads, d).transpose(0, 1))
        v = linear(a, pre + "self_attn.v_proj").view(length, kv_heads, d).transpose(0, 1)
        group = heads // kv_heads
        k = k[torch.arange(heads) // group]
        v = v[torch.arange(heads) // group]
        scores = (q @ k.transpose(-1, -2)) / math.sqrt(d)
        scores = scores.masked_fill(~causal, float("-inf"))
        x = x + linear((scores.softmax(-1) @ v).transpose(0, 1).reshape(length, h), pre + "self_attn.o_proj")
        m = rms(x, pre + "post_attention_layernorm")
        silu = lambda y: y * torch.sigmoid(y)
        x = x + linear(silu(linear(m, pre + "mlp.gate_proj")) * linear(m, pre + "mlp.up_proj"), pre + "mlp.down_proj")
    x = rms(x, "norm")
    head = w("embed_tokens.weight") if c.get("tie_word_embeddings", False) else t["lm_head.weight"]
    return x, x @ head.t()


if __name__ == "__main__":
    hf_io.main(write_checkpoint, forward)
