"""Checks a `repro export` folder with Hugging Face's own code (transformers, tokenizers): it loads as
BertForSequenceClassification with no missing or unexpected weights, both Hugging Face tokenizers give repro's
token ids, and the model's logits on those ids match `repro predict`'s.

python3 check.py EXPORT_FOLDER PREDICTIONS.jsonl OUT.json
"""
import json
import sys

import torch
import transformers
from transformers import AutoModelForSequenceClassification, AutoTokenizer, BertTokenizer

folder, predictions, out = sys.argv[1:4]
torch.set_num_threads(4)
model, info = AutoModelForSequenceClassification.from_pretrained(folder, output_loading_info=True)
model.eval()
fast = AutoTokenizer.from_pretrained(folder)
slow = BertTokenizer.from_pretrained(folder)
rows = [json.loads(line) for line in open(predictions, encoding="utf-8")]

ids_differ = {"fast": [], "slow": []}
max_abs, labels_agree = 0.0, 0
with torch.no_grad():
    for row in rows:
        for name, tok in (("fast", fast), ("slow", slow)):
            ids = tok(row["text"], truncation=True, max_length=64)["input_ids"]
            if ids != row["ids"]:
                ids_differ[name].append({"text": row["text"], "hf": ids, "repro": row["ids"]})
        ids = torch.tensor([row["ids"]])
        logits = model(input_ids=ids, attention_mask=torch.ones_like(ids), token_type_ids=torch.zeros_like(ids)).logits[0]
        max_abs = max(max_abs, (logits - torch.tensor(row["logits"])).abs().max().item())
        labels_agree += model.config.id2label[int(logits.argmax())] == row["label"]

result = {
    "transformers": transformers.__version__,
    "torch": torch.__version__,
    "architecture": type(model).__name__,
    "tokenizer_classes": [type(fast).__name__, type(slow).__name__],
    "missing_keys": sorted(map(str, info["missing_keys"])),
    "unexpected_keys": sorted(map(str, info["unexpected_keys"])),
    "mismatched_keys": sorted(map(str, info.get("mismatched_keys", []))),
    "sentences": len(rows),
    "ids_differ_fast": len(ids_differ["fast"]),
    "ids_differ_slow": len(ids_differ["slow"]),
    "first_differences": {k: v[:5] for k, v in ids_differ.items()},
    "logits_max_abs_difference": max_abs,
    "predicted_labels_agree": labels_agree,
}
json.dump(result, open(out, "w"), indent=2, ensure_ascii=False)
print(json.dumps({k: v for k, v in result.items() if k != "first_differences"}, indent=2))
