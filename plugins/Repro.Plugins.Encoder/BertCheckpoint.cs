using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Encoders;

/// <summary>
/// Loads a Hugging Face BERT checkpoint folder (<c>config.json</c>, <c>model.safetensors</c>, <c>vocab.txt</c>):
/// builds the encoder exactly as a fresh one (same modules, same order) from the checkpoint's architecture, then
/// overwrites every parameter with the checkpoint's values. The word embedding (and the masked-LM bias) are taken
/// by token: host id i gets the checkpoint row of <c>Tokens[i]</c> in <c>vocab.txt</c>. Adapters (<c>adapter_size</c>) are
/// not in a checkpoint: they keep their fresh start, the identity.
/// </summary>
internal static class BertCheckpoint
{
    /// <summary>How many missing tokens an error lists.</summary>
    private const int Shown = 5;

    /// <summary>The architecture the checkpoint's <c>config.json</c> describes, with the host's vocabulary and the recipe's pooling.</summary>
    public static BertConfig ConfigOf(string folder, BertEncoderParameters parameters, ModelContext context) =>
        ConfigOf(folder, parameters, context, out _);

    private static BertConfig ConfigOf(string folder, BertEncoderParameters parameters, ModelContext context, out HfBertConfig hf)
    {
        if (!Directory.Exists(folder)) throw new PluginInputException($"{folder}: checkpoint folder not found");
        var configPath = Path.Combine(folder, "config.json");
        hf = HfBertConfig.Read(configPath);
        var pooling = BertConfig.ParsePooling(parameters.Pooling);
        if (hf.MaxPositions < context.MaxLength)
            throw new PluginInputException(
                $"{configPath}: max_position_embeddings ({hf.MaxPositions}) is less than the task's maximum length ({context.MaxLength}); lower the maximum length to at most {hf.MaxPositions}");
        return new BertConfig(context.VocabularySize, context.PaddingId, hf.MaxPositions, hf.HiddenSize, hf.Layers, hf.Heads,
            hf.IntermediateSize, hf.HiddenDropout, hf.AttentionDropout, NormPlacement.Post, pooling, hf.InitializerRange)
        {
            LayerNormEps = hf.LayerNormEps, Activation = hf.Activation, Segments = hf.TypeVocabSize, AdapterSize = parameters.AdapterSize,
        };
    }

    /// <summary>Builds the encoder of <paramref name="folder"/> and loads its weights; throws <see cref="PluginInputException"/> naming the file and tensor or field.</summary>
    public static BertEncoder Load(string folder, BertEncoderParameters parameters, ModelContext context)
    {
        var configPath = Path.Combine(folder, "config.json");
        var weightsPath = Path.Combine(folder, "model.safetensors");
        var vocabPath = Path.Combine(folder, "vocab.txt");
        var config = ConfigOf(folder, parameters, context, out var hf);
        var pooling = config.Pooling;
        var rows = VocabularyRows(vocabPath, context, hf.VocabSize);
        if (!File.Exists(weightsPath)) throw new PluginInputException($"{weightsPath}: not found; bert-encoder reads weights from model.safetensors");

        var encoder = new BertEncoder(config) { Checkpoint = folder };

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var stored = new Dictionary<string, (string Original, Tensor Value)>(StringComparer.Ordinal);
        foreach (var (name, value) in SafeTensors.Read(weightsPath))
        {
            var normalised = HfBertNames.Normalise(name);
            if (!stored.TryAdd(normalised, (name, value)))
                throw new PluginInputException($"{weightsPath}: tensors '{stored[normalised].Original}' and '{name}' are the same BERT tensor; keep one");
        }
        var permutation = tensor(rows, dtype: ScalarType.Int64);
        var used = new HashSet<string>(StringComparer.Ordinal);
        Tensor Take(string name, long[] shape)
        {
            if (!stored.TryGetValue(name, out var entry))
                throw new PluginInputException($"{weightsPath}: required tensor '{name}' is missing (looked for it with and without the 'bert.' prefix)" +
                    (name.StartsWith(HfBertNames.Pooler, StringComparison.Ordinal) ? "; pooling: pooler needs it, use pooling: cls or mean for a checkpoint without a pooler" : ""));
            if (!entry.Value.shape.SequenceEqual(shape))
                throw new PluginInputException(
                    $"{weightsPath}: tensor '{entry.Original}' has shape [{string.Join(", ", entry.Value.shape)}], expected [{string.Join(", ", shape)}] from {configPath}");
            if (entry.Value.dtype is not (ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16))
                throw new PluginInputException($"{weightsPath}: tensor '{entry.Original}' has dtype {entry.Value.dtype}; weights must be F32, F16 or BF16");
            used.Add(name);
            return entry.Value.to(ScalarType.Float32);
        }

        var unexpected = stored.Where(kv => !Known(kv.Key, config.Layers)).Select(kv => kv.Value.Original).Order(StringComparer.Ordinal).ToList();
        if (unexpected.Count > 0)
            throw new PluginInputException(
                $"{weightsPath}: unexpected tensor '{unexpected[0]}'{(unexpected.Count > 1 ? $" (and {unexpected.Count - 1} more)" : "")}: not a tensor of a BERT model with {config.Layers} layers; is this a BERT checkpoint?");

        var targets = encoder.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        foreach (var (hfName, module) in HfBertNames.Body(config.Layers, pooler: pooling == PoolingMode.Pooler))
        {
            var target = targets[module];
            if (hfName == HfBertNames.WordEmbeddings)
                target.copy_(Take(hfName, [hf.VocabSize, hf.HiddenSize]).index_select(0, permutation));
            else
                target.copy_(Take(hfName, target.shape));
        }

        var mlmPresent = HfBertNames.MaskedLm.Where(m => stored.ContainsKey(m.Hf)).ToList();
        if (mlmPresent.Count > 0)
        {
            var head = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (hfName, module) in HfBertNames.MaskedLm)
            {
                long[] shape = hfName switch
                {
                    HfBertNames.MaskedLmBias => [hf.VocabSize],
                    "cls.predictions.transform.dense.weight" => [hf.HiddenSize, hf.HiddenSize],
                    _ => [hf.HiddenSize],
                };
                var value = Take(hfName, shape);
                if (hfName == HfBertNames.MaskedLmBias) value = value.index_select(0, permutation);
                head[module] = value.clone().DetachFromDisposeScope();
            }
            encoder.CheckpointMaskedLmHead = head;
        }

        encoder.LoadNotes.AddRange(Notes(stored.Keys.Where(n => !used.Contains(n) && !HfBertNames.Ignored.Contains(n)), pooling, mlmPresent.Count > 0));
        var distinct = rows.Distinct().Count();
        if (distinct < hf.VocabSize)
            encoder.LoadNotes.Add($"{hf.VocabSize - distinct} of the checkpoint's {hf.VocabSize} vocabulary rows are not used by the host vocabulary ({context.VocabularySize} tokens)");
        return encoder;
    }

    /// <summary>Copies <paramref name="values"/> (by parameter name) into <paramref name="module"/>'s parameters.</summary>
    public static void Overwrite(nn.Module module, IReadOnlyDictionary<string, Tensor> values)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, parameter) in module.named_parameters())
            if (values.TryGetValue(name, out var value)) parameter.copy_(value);
    }

    /// <summary>Whether a (normalised) tensor name is one this loader knows, loaded or not.</summary>
    private static bool Known(string name, int layers) =>
        HfBertNames.Ignored.Contains(name)
        || HfBertNames.MaskedLm.Any(m => m.Hf == name)
        || HfBertNames.Body(layers, pooler: true).Any(b => b.Hf == name)
        || HfBertNames.Unused.Any(u => name.StartsWith(u.Prefix, StringComparison.Ordinal));

    private static IEnumerable<string> Notes(IEnumerable<string> unused, PoolingMode pooling, bool maskedLm)
    {
        var names = unused.Order(StringComparer.Ordinal).ToList();
        var pooler = names.Where(n => n.StartsWith(HfBertNames.Pooler, StringComparison.Ordinal)).ToList();
        if (pooler.Count > 0)
            yield return $"unused checkpoint tensors {string.Join(", ", pooler)}: pooling is {BertConfig.PoolingName(pooling)}, not pooler";
        if (maskedLm)
            yield return $"checkpoint tensors {string.Join(", ", HfBertNames.MaskedLm.Select(m => m.Hf))}: kept for a masked-LM head";
        foreach (var (prefix, note) in HfBertNames.Unused)
        {
            var group = names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (group.Count > 0) yield return $"checkpoint tensors {string.Join(", ", group)}: {note}";
        }
    }

    /// <summary>The checkpoint row of each host token, from <c>vocab.txt</c> (line number = row; first occurrence wins).</summary>
    private static long[] VocabularyRows(string vocabPath, ModelContext context, int vocabSize)
    {
        if (context.Tokens is not { } tokens)
            throw new PluginInputException($"{vocabPath}: loading a checkpoint needs the host's token list to match embedding rows by token; use a tokenizer that lists its tokens (tokenizer: {{ from: model }})");
        if (tokens.Count != context.VocabularySize)
            throw new ArgumentException($"bert-encoder: the model context lists {tokens.Count} tokens but a vocabulary size of {context.VocabularySize}", nameof(context));
        if (!File.Exists(vocabPath))
            throw new PluginInputException($"{vocabPath}: not found; bert-encoder matches the host's tokens to embedding rows through the checkpoint's vocab.txt");
        var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = CheckpointFile.ReadText(vocabPath, 64 << 20).Split('\n');
        for (var row = 0; row < lines.Length; row++)
        {
            var token = lines[row].TrimEnd('\r');
            if (row == lines.Length - 1 && token.Length == 0) break; // the final line end
            rowOf.TryAdd(token, row);
        }
        var missing = tokens.Where(t => !rowOf.ContainsKey(t)).ToList();
        if (missing.Count > 0)
            throw new PluginInputException(
                $"{vocabPath}: {missing.Count} of the host's {tokens.Count} tokens are not in the checkpoint's vocabulary (first: {string.Join(", ", missing.Take(Shown).Select(t => $"'{t}'"))}); " +
                "use the checkpoint's own tokenizer (tokenizer: { from: model })");
        var rows = tokens.Select(t => (long)rowOf[t]).ToArray();
        var beyond = Array.FindIndex(rows, r => r >= vocabSize);
        if (beyond >= 0)
            throw new PluginInputException($"{vocabPath}: token '{tokens[beyond]}' is on line {rows[beyond] + 1}, beyond the vocab_size ({vocabSize}) rows of the checkpoint's embedding");
        return rows;
    }
}
