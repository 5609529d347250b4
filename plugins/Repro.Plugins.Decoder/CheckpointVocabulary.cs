using System.Text.Json;
using Repro.Contracts;

namespace Repro.Plugins.Decoders;

/// <summary>
/// A checkpoint's token → embedding row, from <c>tokenizer.json</c> (<c>model.vocab</c> and <c>added_tokens</c>), else
/// <c>vocab.json</c> (GPT-2), else <c>vocab.txt</c> (line = row, as Repro exports), and the row of each host token.
/// </summary>
internal static class CheckpointVocabulary
{
    /// <summary>Host tokens that a decoder's vocabulary may lack: they get fresh rows and a note instead of a refusal.</summary>
    public static readonly IReadOnlySet<string> HostSpecials = new HashSet<string>(StringComparer.Ordinal) { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" };

    private const int Shown = 5;

    /// <summary>
    /// The checkpoint row of each host token, or -1 for a host special the checkpoint lacks; throws <see cref="PluginInputException"/>
    /// when no vocabulary file is found or another token is missing.
    /// </summary>
    public static long[] Rows(string folder, ModelContext context, int vocabSize, out string source)
    {
        var (rowOf, path) = Read(folder);
        source = path;
        if (context.Tokens is not { } tokens)
            throw new PluginInputException($"{path}: loading a checkpoint needs the host's token list to match embedding rows by token; use a tokenizer that lists its tokens");
        if (tokens.Count != context.VocabularySize)
            throw new ArgumentException($"causal-decoder: the model context lists {tokens.Count} tokens but a vocabulary size of {context.VocabularySize}", nameof(context));
        var missing = tokens.Where(t => !rowOf.ContainsKey(t) && !HostSpecials.Contains(t)).ToList();
        if (missing.Count > 0)
            throw new PluginInputException(
                $"{path}: {missing.Count} of the host's {tokens.Count} tokens are not in the checkpoint's vocabulary (first: {string.Join(", ", missing.Take(Shown).Select(t => $"'{t}'"))}); " +
                "use the checkpoint's own tokenizer");
        var rows = tokens.Select(t => rowOf.TryGetValue(t, out var row) ? row : -1L).ToArray();
        var beyond = Array.FindIndex(rows, r => r >= vocabSize);
        if (beyond >= 0)
            throw new PluginInputException($"{path}: token '{tokens[beyond]}' has row {rows[beyond]}, beyond the vocab_size ({vocabSize}) rows of the checkpoint's embedding");
        return rows;
    }

    private static (Dictionary<string, long> RowOf, string Path) Read(string folder)
    {
        var rowOf = new Dictionary<string, long>(StringComparer.Ordinal);
        var tokenizer = Path.Combine(folder, "tokenizer.json");
        if (File.Exists(tokenizer))
        {
            var f = JsonFields.Read(tokenizer, 256L << 20);
            if (!f.Root.TryGetProperty("model", out var model) || !model.TryGetProperty("vocab", out var vocab) || vocab.ValueKind != JsonValueKind.Object)
                throw new PluginInputException($"{tokenizer}: no model.vocab object (token → id); causal-decoder matches tokens to embedding rows through it");
            foreach (var entry in vocab.EnumerateObject()) rowOf.TryAdd(entry.Name, Id(entry.Value, tokenizer, entry.Name));
            if (f.Root.TryGetProperty("added_tokens", out var added) && added.ValueKind == JsonValueKind.Array)
                foreach (var token in added.EnumerateArray())
                    if (token.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String && token.TryGetProperty("id", out var id))
                        rowOf.TryAdd(content.GetString()!, Id(id, tokenizer, content.GetString()!));
            return (rowOf, tokenizer);
        }
        var json = Path.Combine(folder, "vocab.json");
        if (File.Exists(json))
        {
            foreach (var entry in JsonFields.Read(json, 256L << 20).Root.EnumerateObject()) rowOf.TryAdd(entry.Name, Id(entry.Value, json, entry.Name));
            return (rowOf, json);
        }
        var text = Path.Combine(folder, "vocab.txt");
        if (File.Exists(text))
        {
            var lines = CheckpointFile.ReadText(text, 64 << 20).Split('\n');
            for (var row = 0; row < lines.Length; row++)
            {
                if (row == lines.Length - 1 && lines[row].Length == 0) break;
                rowOf.TryAdd(lines[row].TrimEnd('\r'), row);
            }
            return (rowOf, text);
        }
        throw new PluginInputException($"{folder}: no tokenizer.json, vocab.json or vocab.txt; causal-decoder matches the host's tokens to embedding rows through one of them");
    }

    private static long Id(JsonElement value, string path, string token) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var id) && id >= 0 ? id
            : throw new PluginInputException($"{path}: the id of token '{token}' must be a non-negative integer, found {value.GetRawText()}");
}
