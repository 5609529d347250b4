using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Decoders;

/// <summary>
/// Loads a Hugging Face GPT-2 or LLaMA checkpoint folder (<c>config.json</c>; <c>model.safetensors</c> or a sharded
/// <c>model.safetensors.index.json</c>; a vocabulary, <see cref="CheckpointVocabulary"/>): builds the decoder exactly as a fresh
/// one of the checkpoint's shape, then overwrites every parameter with the checkpoint's. Embedding (and untied
/// <c>lm_head</c>) rows are taken by token; host specials the checkpoint lacks keep their fresh rows, with a note.
/// </summary>
internal static class DecoderCheckpoint
{
    /// <summary>The architecture the checkpoint's <c>config.json</c> describes, with the host's vocabulary.</summary>
    public static HfDecoderConfig ConfigOf(string folder, ModelContext context)
    {
        if (!Directory.Exists(folder)) throw new PluginInputException($"{folder}: checkpoint folder not found");
        return HfDecoderConfig.Read(Path.Combine(folder, "config.json"), context);
    }

    /// <summary>Builds the decoder of <paramref name="folder"/> and loads its weights; throws <see cref="PluginInputException"/> naming the file and tensor or field.</summary>
    public static CausalDecoder Load(string folder, ModelContext context)
    {
        var hf = ConfigOf(folder, context);
        var config = hf.Shape;
        var layout = hf.Layout;
        var configPath = Path.Combine(folder, "config.json");
        var rows = CheckpointVocabulary.Rows(folder, context, hf.VocabSize, out _);
        var decoder = new CausalDecoder(config) { Checkpoint = folder };

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var stored = new Dictionary<string, (string Original, string File, Tensor Value)>(StringComparer.Ordinal);
        foreach (var (file, name, value) in ReadWeights(folder))
        {
            var normalised = HfDecoderNames.Normalise(name, layout);
            if (!stored.TryAdd(normalised, (name, file, value)))
                throw new PluginInputException($"{file}: tensors '{stored[normalised].Original}' and '{name}' are the same {layout} tensor; keep one");
        }

        var used = new HashSet<string>(StringComparer.Ordinal);
        Tensor Take(string name, long[] shape)
        {
            if (!stored.TryGetValue(name, out var entry))
                throw new PluginInputException($"{folder}: required tensor '{HfDecoderNames.Prefix(layout)}{name}' is missing (looked for it with and without the '{HfDecoderNames.Prefix(layout)}' prefix)");
            if (!entry.Value.shape.SequenceEqual(shape))
                throw new PluginInputException(
                    $"{entry.File}: tensor '{entry.Original}' has shape [{string.Join(", ", entry.Value.shape)}], expected [{string.Join(", ", shape)}] from {configPath}" +
                    (HfDecoderNames.IsConv1D(name, layout) ? " (GPT-2 stores this weight as Conv1D, (in, out))" : ""));
            if (entry.Value.dtype is not (ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16))
                throw new PluginInputException($"{entry.File}: tensor '{entry.Original}' has dtype {entry.Value.dtype}; weights must be F32, F16 or BF16");
            used.Add(name);
            return entry.Value.to(ScalarType.Float32);
        }

        var parameters = decoder.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var unexpected = stored.Keys.Where(n => !parameters.ContainsKey(n) && !HfDecoderNames.IsBuffer(n) && n is not (HfDecoderNames.LmHead or HfDecoderNames.Score))
            .Select(n => stored[n].Original).Order(StringComparer.Ordinal).ToList();
        if (unexpected.Count > 0)
            throw new PluginInputException(
                $"{stored.Values.First(v => v.Original == unexpected[0]).File}: unexpected tensor '{unexpected[0]}'{(unexpected.Count > 1 ? $" (and {unexpected.Count - 1} more)" : "")}: " +
                $"not a tensor of a {layout} model with {config.Layers} layers; is this a {layout} checkpoint?");

        var embedding = HfDecoderNames.TokenEmbedding(layout);
        foreach (var (name, target) in parameters)
        {
            if (name == embedding) CopyRows(target, Take(name, [hf.VocabSize, config.HiddenSize]), rows);
            else if (HfDecoderNames.IsConv1D(name, layout)) target.copy_(Take(name, [target.shape[1], target.shape[0]]).t());
            else target.copy_(Take(name, target.shape));
        }

        if (!config.TieEmbeddings && stored.ContainsKey(HfDecoderNames.LmHead))
        {
            var head = empty(config.VocabularySize, config.HiddenSize).normal_(0, config.InitStd);
            CopyRows(head, Take(HfDecoderNames.LmHead, [hf.VocabSize, config.HiddenSize]), rows);
            decoder.CheckpointLmHead = head.DetachFromDisposeScope();
        }
        else if (!config.TieEmbeddings)
            decoder.LoadNotes.Add($"{folder}: no {HfDecoderNames.LmHead} (a bare LlamaModel): a causal-LM head starts fresh");

        var fresh = context.Tokens!.Where((_, i) => rows[i] < 0).ToList();
        if (fresh.Count > 0)
            decoder.LoadNotes.Add($"host tokens {string.Join(", ", fresh)} are not in the checkpoint's vocabulary: their embedding rows start fresh " +
                "(padding is never attended, and a sentence is pooled at its last real token)");
        var unused = stored.Keys.Where(n => !used.Contains(n) && !HfDecoderNames.IsBuffer(n)).Select(n => stored[n].Original).Order(StringComparer.Ordinal).ToList();
        if (unused.Count > 0)
            decoder.LoadNotes.Add($"unused checkpoint tensors {string.Join(", ", unused)}: " +
                (config.TieEmbeddings ? "the LM head is the token embedding; " : "") + "a task's head starts fresh");
        var distinct = rows.Where(r => r >= 0).Distinct().Count();
        if (distinct < hf.VocabSize)
            decoder.LoadNotes.Add($"{hf.VocabSize - distinct} of the checkpoint's {hf.VocabSize} vocabulary rows are not used by the host vocabulary ({context.VocabularySize} tokens)");
        return decoder;
    }

    /// <summary>Row i of <paramref name="target"/> ← row <c>rows[i]</c> of <paramref name="source"/>; rows of −1 are left as they are.</summary>
    private static void CopyRows(Tensor target, Tensor source, long[] rows)
    {
        var hostRows = Enumerable.Range(0, rows.Length).Where(i => rows[i] >= 0).Select(i => (long)i).ToArray();
        if (hostRows.Length == 0) return;
        target.index_copy_(0, tensor(hostRows), source.index_select(0, tensor(hostRows.Select(i => rows[i]).ToArray())));
    }

    /// <summary>Every tensor of <c>model.safetensors</c>, or of the shards a <c>model.safetensors.index.json</c> names, with its file.</summary>
    private static IEnumerable<(string File, string Name, Tensor Value)> ReadWeights(string folder)
    {
        var single = Path.Combine(folder, "model.safetensors");
        if (File.Exists(single))
        {
            foreach (var (name, value) in SafeTensors.Read(single)) yield return (single, name, value);
            yield break;
        }
        var index = Path.Combine(folder, "model.safetensors.index.json");
        if (!File.Exists(index))
            throw new PluginInputException($"{single}: not found (nor {Path.GetFileName(index)}); causal-decoder reads weights from safetensors files");
        var f = JsonFields.Read(index, 64L << 20);
        if (!f.Root.TryGetProperty("weight_map", out var map) || map.ValueKind != System.Text.Json.JsonValueKind.Object)
            throw new PluginInputException($"{index}: no weight_map object (tensor name → shard file)");
        var shards = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var entry in map.EnumerateObject())
        {
            var shard = entry.Value.ValueKind == System.Text.Json.JsonValueKind.String ? entry.Value.GetString()! : "";
            if (shard.Length == 0 || shard != Path.GetFileName(shard) || shard is "." or "..")
                throw new PluginInputException($"{index}: weight_map['{entry.Name}'] must name a shard file in the checkpoint folder, found {entry.Value.GetRawText()}");
            if (!shards.TryGetValue(shard, out var names)) shards[shard] = names = [];
            names.Add(entry.Name);
        }
        foreach (var (shard, names) in shards.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var path = Path.Combine(folder, shard);
            if (!File.Exists(path)) throw new PluginInputException($"{index}: shard '{shard}' (holding '{names[0]}') is not in the folder");
            var tensors = SafeTensors.Read(path);
            foreach (var name in names)
                yield return (path, name, tensors.TryGetValue(name, out var value) ? value
                    : throw new PluginInputException($"{path}: tensor '{name}' is missing, though {Path.GetFileName(index)} places it in this shard"));
        }
    }
}
