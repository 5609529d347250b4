using System.Text.Json;

namespace Repro.Tests.Support;

/// <summary>
/// A RoBERTa folder written for the tests: roberta-base's vocabulary layout (<c>&lt;s&gt; &lt;pad&gt; &lt;/s&gt; &lt;unk&gt;</c>,
/// then GPT-2's first 2,000 byte-level tokens, then <c>&lt;mask&gt;</c>: 2,005 rows) with the matching merges, and
/// random weights in the Hugging Face layout written by tests/reference/roberta.py.
/// </summary>
internal static class RobertaCheckpoint
{
    /// <summary>GPT-2 tokens kept.</summary>
    public const int Kept = 2000;

    /// <summary>Writes the folder; returns its vocabulary (token → row).</summary>
    public static Dictionary<string, int> Write(string folder, int seed)
    {
        var gpt2 = Gpt2VocabularyFiles.Write(folder, "roberta", Kept);
        var vocab = new Dictionary<string, int> { ["<s>"] = 0, ["<pad>"] = 1, ["</s>"] = 2, ["<unk>"] = 3 };
        foreach (var (token, id) in gpt2) vocab[token] = id + 4;
        vocab["<mask>"] = vocab.Count;
        File.WriteAllText(Path.Combine(folder, "vocab.json"), JsonSerializer.Serialize(vocab));
        PythonReference.RunText("roberta.py", ["write", folder, vocab.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), seed.ToString(System.Globalization.CultureInfo.InvariantCulture)], "");
        return vocab;
    }
}
