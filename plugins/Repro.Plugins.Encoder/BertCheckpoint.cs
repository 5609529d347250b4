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
        var usable = hf.MaxPositions - (hf.RobertaPaddingIdx + 1 ?? 0);
        if (usable < context.MaxLength)
            throw new PluginInputException(
                $"{configPath}: max_position_embeddings ({hf.MaxPositions}{(hf.RobertaPaddingIdx is { } p ? $", of which RoBERTa's positions use those after pad_token_id + 1 = {p + 1}" : "")}) " +
                $"is less than the task's maximum length ({context.MaxLength}); lower the maximum length to at most {usable}");
        return new BertConfig(context.VocabularySize, context.PaddingId, hf.MaxPositions, hf.HiddenSize, hf.Layers, hf.Heads,
            hf.IntermediateSize, hf.HiddenDropout, hf.AttentionDropout, NormPlacement.Post, pooling, hf.InitializerRange)
        {
            LayerNormEps = hf.LayerNormEps, Activation = hf.Activation, Segments = hf.TypeVocabSize, AdapterSize = parameters.AdapterSize,
            RobertaPaddingIdx = hf.RobertaPaddingIdx, ClassifierDropout = hf.ClassifierDropout,
        };
    }

    /// <summary>Builds the encoder of <paramref name="folder"/> and loads its weights; throws <see cref="PluginInputException"/> naming the file and tensor or field.</summary>
    public static BertEncoder Load(string folder, BertEncoderParameters parameters, ModelContext context)
    {
        var configPath = Path.Combine(folder, "config.json");
        var weightsPath = Path.Combine(folder, "model.safetensors");
        var config = ConfigOf(folder, parameters, context, out var hf);
        var pooling = config.Pooling;
        var names = HfBertNames.Of(config);
        var (vocabPath, rowOf) = config.RobertaPaddingIdx is null ? TextVocabulary(folder) : JsonVocabulary(folder);
        var rows = VocabularyRows(vocabPath, rowOf, context, hf.VocabSize);
        if (!File.Exists(weightsPath)) throw new PluginInputException($"{weightsPath}: not found; bert-encoder reads weights from model.safetensors");

        var encoder = new BertEncoder(config) { Checkpoint = folder };

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var stored = new Dictionary<string, (string Original, Tensor Value)>(StringComparer.Ordinal);
        foreach (var (name, value) in SafeTensors.Read(weightsPath))
        {
            var normalised = names.Normalise(name);
            if (!stored.TryAdd(normalised, (name, value)))
                throw new PluginInputException($"{weightsPath}: tensors '{stored[normalised].Original}' and '{name}' are the same {names.Family} tensor; keep one");
        }
        var permutation = tensor(rows, dtype: ScalarType.Int64);
        var used = new HashSet<string>(StringComparer.Ordinal);
        Tensor Take(string name, long[] shape)
        {
            if (!stored.TryGetValue(name, out var entry))
                throw new PluginInputException($"{weightsPath}: required tensor '{name}' is missing (looked for it with and without the '{names.BodyPrefix}' prefix)" +
                    (name.StartsWith(HfBertNames.Pooler, StringComparison.Ordinal) ? "; pooling: pooler needs it, use pooling: cls or mean for a checkpoint without a pooler" : ""));
            if (!entry.Value.shape.SequenceEqual(shape))
                throw new PluginInputException(
                    $"{weightsPath}: tensor '{entry.Original}' has shape [{string.Join(", ", entry.Value.shape)}], expected [{string.Join(", ", shape)}] from {configPath}");
            if (entry.Value.dtype is not (ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16))
                throw new PluginInputException($"{weightsPath}: tensor '{entry.Original}' has dtype {entry.Value.dtype}; weights must be F32, F16 or BF16");
            used.Add(name);
            return entry.Value.to(ScalarType.Float32);
        }

        var unexpected = stored.Where(kv => !Known(names, kv.Key, config.Layers)).Select(kv => kv.Value.Original).Order(StringComparer.Ordinal).ToList();
        if (unexpected.Count > 0)
            throw new PluginInputException(
                $"{weightsPath}: unexpected tensor '{unexpected[0]}'{(unexpected.Count > 1 ? $" (and {unexpected.Count - 1} more)" : "")}: not a tensor of a {names.Family} model with {config.Layers} layers; is this a {names.Family} checkpoint?");

        var targets = encoder.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        foreach (var (hfName, module) in HfBertNames.Body(config.Layers, pooler: pooling == PoolingMode.Pooler))
        {
            var target = targets[module];
            if (hfName == HfBertNames.WordEmbeddings)
                target.copy_(Take(hfName, [hf.VocabSize, hf.HiddenSize]).index_select(0, permutation));
            else
                target.copy_(Take(hfName, target.shape));
        }

        var mlmPresent = names.MaskedLm.Where(m => stored.ContainsKey(m.Hf)).ToList();
        if (mlmPresent.Count > 0)
        {
            var head = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (hfName, module) in names.MaskedLm)
            {
                long[] shape = module switch
                {
                    "bias" => [hf.VocabSize],
                    "transform.weight" => [hf.HiddenSize, hf.HiddenSize],
                    _ => [hf.HiddenSize],
                };
                var value = Take(hfName, shape);
                if (module == "bias") value = value.index_select(0, permutation);
                head[module] = value.clone().DetachFromDisposeScope();
            }
            encoder.CheckpointMaskedLmHead = head;
        }

        encoder.LoadNotes.AddRange(Notes(names, stored.Keys.Where(n => !used.Contains(n) && !names.Ignored.Contains(n)), pooling, mlmPresent.Count > 0));
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
    private static bool Known(HfBertNames names, string name, int layers) =>
        names.Ignored.Contains(name)
        || names.MaskedLm.Any(m => m.Hf == name)
        || HfBertNames.Body(layers, pooler: true).Any(b => b.Hf == name)
        || HfBertNames.Unused.Any(u => name.StartsWith(u.Prefix, StringComparison.Ordinal));

    private static IEnumerable<string> Notes(HfBertNames family, IEnumerable<string> unused, PoolingMode pooling, bool maskedLm)
    {
        var names = unused.Order(StringComparer.Ordinal).ToList();
        var pooler = names.Where(n => n.StartsWith(HfBertNames.Pooler, StringComparison.Ordinal)).ToList();
        if (pooler.Count > 0)
            yield return $"unused checkpoint tensors {string.Join(", ", pooler)}: pooling is {BertConfig.PoolingName(pooling)}, not pooler";
        if (maskedLm)
            yield return $"checkpoint tensors {string.Join(", ", family.MaskedLm.Select(m => m.Hf))}: kept for a masked-LM head";
        foreach (var (prefix, note) in HfBertNames.Unused)
        {
            var group = names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (group.Count > 0) yield return $"checkpoint tensors {string.Join(", ", group)}: {note}";
        }
    }

    /// <summary>BERT's <c>vocab.txt</c>: line number = row; first occurrence wins.</summary>
    private static (string Path, Dictionary<string, int> RowOf) TextVocabulary(string folder)
    {
        var vocabPath = Path.Combine(folder, "vocab.txt");
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
        return (vocabPath, rowOf);
    }

    /// <summary>RoBERTa's <c>vocab.json</c> (token → row), or the vocabulary and added tokens of <c>tokenizer.json</c> when it has none.</summary>
    private static (string Path, Dictionary<string, int> RowOf) JsonVocabulary(string folder)
    {
        var vocabPath = Path.Combine(folder, "vocab.json");
        var jsonPath = Path.Combine(folder, "tokenizer.json");
        var path = File.Exists(vocabPath) || !File.Exists(jsonPath) ? vocabPath : jsonPath;
        if (!File.Exists(path))
            throw new PluginInputException($"{vocabPath}: not found; bert-encoder matches the host's tokens to a RoBERTa checkpoint's embedding rows through its vocab.json (or tokenizer.json)");
        try
        {
            using var document = System.Text.Json.JsonDocument.Parse(CheckpointFile.ReadText(path, 256 << 20));
            var rowOf = new Dictionary<string, int>(StringComparer.Ordinal);
            if (path == vocabPath)
                foreach (var entry in document.RootElement.EnumerateObject()) rowOf.TryAdd(entry.Name, entry.Value.GetInt32());
            else
            {
                foreach (var entry in document.RootElement.GetProperty("model").GetProperty("vocab").EnumerateObject()) rowOf.TryAdd(entry.Name, entry.Value.GetInt32());
                if (document.RootElement.TryGetProperty("added_tokens", out var added))
                    foreach (var token in added.EnumerateArray()) rowOf.TryAdd(token.GetProperty("content").GetString()!, token.GetProperty("id").GetInt32());
            }
            return (path, rowOf);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or KeyNotFoundException or FormatException)
        {
            throw new PluginInputException($"{path}: not a vocabulary of token → row ({e.Message})");
        }
    }

    /// <summary>The checkpoint row of each host token.</summary>
    private static long[] VocabularyRows(string vocabPath, Dictionary<string, int> rowOf, ModelContext context, int vocabSize)
    {
        if (context.Tokens is not { } tokens)
            throw new PluginInputException($"{vocabPath}: loading a checkpoint needs the host's token list to match embedding rows by token; use a tokenizer that lists its tokens (tokenizer: {{ from: model }})");
        if (tokens.Count != context.VocabularySize)
            throw new ArgumentException($"bert-encoder: the model context lists {tokens.Count} tokens but a vocabulary size of {context.VocabularySize}", nameof(context));
        var missing = tokens.Where(t => !rowOf.ContainsKey(t)).ToList();
        if (missing.Count > 0)
            throw new PluginInputException(
                $"{vocabPath}: {missing.Count} of the host's {tokens.Count} tokens are not in the checkpoint's vocabulary (first: {string.Join(", ", missing.Take(Shown).Select(t => $"'{t}'"))}); " +
                "use the checkpoint's own tokenizer (tokenizer: { from: model })");
        var rows = tokens.Select(t => (long)rowOf[t]).ToArray();
        var beyond = Array.FindIndex(rows, r => r >= vocabSize || r < 0);
        if (beyond >= 0)
            throw new PluginInputException($"{vocabPath}: token '{tokens[beyond]}' is row {rows[beyond]}, outside the vocab_size ({vocabSize}) rows of the checkpoint's embedding");
        return rows;
    }
}
