"""Hugging Face checkpoint files written and read by hand, for the plain-PyTorch references (gpt2.py, llama.py, roberta.py, lora.py).

safetensors: an 8-byte little-endian header length, a JSON header {name: {dtype, shape, data_offsets}} (padded with
spaces), then each tensor's raw little-endian bytes. Only F32 is written or read here.
"""
import json
import os
import struct

import numpy as np
import torch


def write_safetensors(path, tensors):
    header, offset, blobs = {}, 0, []
    for name in sorted(tensors):
        data = tensors[name].detach().to(torch.float32).contiguous().numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensors[name].shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    header["__metadata__"] = {"format": "pt"}
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for blob in blobs:
            f.write(blob)


def read_safetensors(path):
    with open(path, "rb") as f:
        raw = f.read()
    (length,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8:8 + length].decode("utf-8"))
    body = raw[8 + length:]
    tensors = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if entry["dtype"] != "F32":
            raise SystemExit(f"{path}: tensor {name} is {entry['dtype']}; this reference reads F32 only")
        start, end = entry["data_offsets"]
        array = np.frombuffer(body[start:end], dtype="<f4").reshape(entry["shape"])
        tensors[name] = torch.from_numpy(array.copy())
    return tensors


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2)


def read_json(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def vocabulary(size):
    """Token strings of a checkpoint's rows; written as vocab.json (token -> id)."""
    return [f"tok{i}" for i in range(size - 1)] + ["<|endoftext|>"]


def batch(vocab_size, generator):
    """A fixed batch of id rows of different lengths (the longest first, one of a single token)."""
    lengths = [7, 4, 1, 6]
    return [torch.randint(0, vocab_size, (n,), generator=generator).tolist() for n in lengths]


def main(write_checkpoint, forward):
    """`write DIR`: a random-weight checkpoint and batch.json in DIR. `forward DIR BATCH OUT [--mistake M]`: logits.

    forward runs each row of BATCH (JSON: {"ids": [[...], ...]}) alone, unpadded, and writes OUT (safetensors) with
    logits_<row> (length, vocab) and hidden_<row> (length, hidden), the final normalised states.
    """
    import sys
    args = sys.argv[1:]
    mistake = None
    if "--mistake" in args:
        at = args.index("--mistake")
        mistake = args[at + 1]
        del args[at:at + 2]
    if len(args) == 2 and args[0] == "write":
        folder = args[1]
        os.makedirs(folder, exist_ok=True)
        generator = torch.Generator().manual_seed(20261207)
        config, tensors = write_checkpoint(generator)
        write_json(os.path.join(folder, "config.json"), config)
        write_safetensors(os.path.join(folder, "model.safetensors"), tensors)
        tokens = vocabulary(config["vocab_size"])
        write_json(os.path.join(folder, "vocab.json"), {t: i for i, t in enumerate(tokens)})
        write_json(os.path.join(folder, "batch.json"), {"ids": batch(config["vocab_size"], generator)})
    elif len(args) == 4 and args[0] == "forward":
        folder, batch_path, out = args[1:]
        config = read_json(os.path.join(folder, "config.json"))
        tensors = read_safetensors(os.path.join(folder, "model.safetensors"))
        result = {}
        with torch.no_grad():
            for row, ids in enumerate(read_json(batch_path)["ids"]):
                hidden, logits = forward(config, tensors, torch.tensor(ids, dtype=torch.long), mistake)
                result[f"logits_{row}"] = logits
                result[f"hidden_{row}"] = hidden
        write_safetensors(out, result)
    else:
        raise SystemExit("usage: write DIR | forward DIR BATCH.json OUT.safetensors [--mistake NAME]")
