using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Contracts;
using Repro.Tests.Shared;
using static TorchSharp.torch;

namespace Repro.Plugins.Decoders.Tests;

/// <summary>
/// Against an independent implementation: the plain-PyTorch references <c>tests/reference/gpt2.py</c> and <c>llama.py</c>
/// write a random-weight Hugging Face checkpoint and its logits on a fixed batch, each row run alone and unpadded. Repro runs the
/// same rows as one right-padded batch. Each gate is shown to fail on the mistake it guards against.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ReferenceTests : IDisposable
{
    /// <summary>Largest absolute difference of float32 logits accepted between Repro and the reference.</summary>
    private const float Tolerance = 1e-4f;

    private readonly TempFolder temp = new();

    [Theory]
    [InlineData("gpt2.py")]
    [InlineData("llama.py")]
    public void LogitsAndStatesMatchTheReferenceOnEveryRealPosition(string script)
    {
        var folder = Checkpoint(script);
        var reference = Forward(script, folder, null);
        using var decoder = PythonReference.Load(folder);
        var (logits, states, pooled) = Run(decoder, PythonReference.Rows(folder));

        var (worstLogit, worstState) = (0f, 0f);
        var rows = PythonReference.Rows(folder);
        for (var r = 0; r < rows.Length; r++)
        {
            var real = TensorIndex.Slice(0, rows[r].Length);
            worstLogit = Math.Max(worstLogit, Tiny.MaxAbs(logits[r, real], reference[$"logits_{r}"]));
            worstState = Math.Max(worstState, Tiny.MaxAbs(states[r, real], reference[$"hidden_{r}"]));
            Assert.Equal(0f, Tiny.MaxAbs(pooled[r], states[r, rows[r].Length - 1]));
        }
        Console.WriteLine($"{script}: max |Δ logits| = {worstLogit:E2}, max |Δ states| = {worstState:E2}");
        Assert.True(worstLogit < Tolerance, $"{script}: logits differ from the reference by {worstLogit} (tolerance {Tolerance})");
        Assert.True(worstState < Tolerance, $"{script}: final states differ from the reference by {worstState} (tolerance {Tolerance})");
    }

    [Theory]
    [InlineData("gpt2.py", "conv1d-as-linear")]
    [InlineData("llama.py", "interleaved-rope")]
    public void TheToleranceCatchesTheMistakeEachLayoutInvites(string script, string mistake)
    {
        var folder = Checkpoint(script);
        var wrong = Forward(script, folder, mistake);
        using var decoder = PythonReference.Load(folder);
        var rows = PythonReference.Rows(folder);
        var (logits, _, _) = Run(decoder, rows);
        var difference = Enumerable.Range(0, rows.Length).Max(r => Tiny.MaxAbs(logits[r, TensorIndex.Slice(0, rows[r].Length)], wrong[$"logits_{r}"]));
        Console.WriteLine($"{script} --mistake {mistake}: max |Δ logits| = {difference:E2}");
        Assert.True(difference > 100 * Tolerance, $"{script} with --mistake {mistake} differs by only {difference}: the gate could not tell");
    }

    [Theory]
    [InlineData("gpt2.py")]
    [InlineData("llama.py")]
    public void ImportThenExportGivesBackEveryTensorBitwiseAndTheConfigFields(string script)
    {
        var folder = Checkpoint(script);
        var exported = Export(folder);

        var original = SafeTensors.Read(Path.Combine(folder, "model.safetensors"));
        var written = SafeTensors.Read(Path.Combine(exported, "model.safetensors"));
        var weights = original.Keys.Where(n => !n.EndsWith(".attn.bias", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(weights, written.Keys.Order(StringComparer.Ordinal));
        foreach (var name in weights)
            Assert.True(original[name].shape.SequenceEqual(written[name].shape) && original[name].bytes.SequenceEqual(written[name].bytes), $"{name} changed on import and export");

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!.AsObject();
        var back = JsonNode.Parse(File.ReadAllText(Path.Combine(exported, "config.json")))!.AsObject();
        foreach (var (field, value) in config)
            Assert.True(JsonNode.DeepEquals(value, back[field]), $"config.json field '{field}': {value?.ToJsonString()} became {back[field]?.ToJsonString()}");
    }

    [Theory]
    [InlineData("gpt2.py")]
    [InlineData("llama.py")]
    public void TheReferenceComputesTheSameLogitsFromTheExportedFolder(string script)
    {
        var folder = Checkpoint(script);
        var exported = Export(folder);
        var before = Forward(script, folder, null);
        var after = Forward(script, exported, null, Path.Combine(folder, "batch.json"));
        foreach (var (name, value) in before)
            Assert.Equal(0f, Tiny.MaxAbs(value, after[name]));
    }

    [Theory]
    [InlineData("gpt2.py")]
    [InlineData("llama.py")]
    public void HostSpecialsTheCheckpointLacksGetFreshRowsAndTheOtherRowsFollowTheirTokens(string script)
    {
        var folder = Checkpoint(script);
        var reference = Forward(script, folder, null);
        var tokens = PythonReference.Tokens(folder);
        // The host's ids: five specials the checkpoint lacks, then the checkpoint's tokens in reverse order.
        string[] host = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", .. tokens.Reverse()];
        using var decoder = (CausalDecoder)((IModelPlugin)new CausalDecoderPlugin()).Build(new CausalDecoderParameters(), Tiny.Context(host, folder) with { MaxLength = 8 });
        decoder.eval();
        Assert.Contains(decoder.Notes, n => n.Contains("[PAD], [UNK], [CLS], [SEP], [MASK]", StringComparison.Ordinal));

        var rows = PythonReference.Rows(folder);
        long HostId(long row) => host.Length - 1 - row; // checkpoint row i is host id 5 + (count - 1 - i)
        var (logits, _, _) = Run(decoder, [.. rows.Select(r => r.Select(HostId).ToArray())]);
        var toHost = tensor(Enumerable.Range(0, tokens.Count).Select(i => HostId(i)).ToArray());
        for (var r = 0; r < rows.Length; r++)
        {
            var difference = Tiny.MaxAbs(logits[r, TensorIndex.Slice(0, rows[r].Length)].index_select(-1, toHost), reference[$"logits_{r}"]);
            Assert.True(difference < Tolerance, $"row {r}: logits over the checkpoint's tokens differ by {difference}");
        }
    }

    /// <summary>The reference's checkpoint, written once per test into the temporary folder.</summary>
    private string Checkpoint(string script)
    {
        var folder = Path.Combine(temp.Path, Path.GetFileNameWithoutExtension(script));
        if (!File.Exists(Path.Combine(folder, "config.json"))) PythonReference.Run(script, "write", folder);
        return folder;
    }

    private Dictionary<string, Tensor> Forward(string script, string folder, string? mistake, string? batch = null)
    {
        var output = Path.Combine(temp.Path, $"{Path.GetFileName(folder)}-{mistake ?? "logits"}.safetensors");
        PythonReference.Run(script, ["forward", folder, batch ?? Path.Combine(folder, "batch.json"), output, .. mistake is null ? Array.Empty<string>() : ["--mistake", mistake]]);
        return SafeTensors.Read(output);
    }

    /// <summary>Imports <paramref name="folder"/> and exports it, with its causal-LM head, to a sibling folder.</summary>
    private string Export(string folder)
    {
        using var decoder = PythonReference.Load(folder);
        using var head = decoder.CreateHead(new HeadSpec(TargetKind.CausalLm, decoder.Config.VocabularySize));
        var exported = folder + "-exported";
        var context = Tiny.Context(PythonReference.Tokens(folder), folder);
        new CausalDecoderPlugin().Export(decoder, head, new ExportContext(new CausalDecoderParameters(), context, new HeadSpec(TargetKind.CausalLm, decoder.Config.VocabularySize), []), exported);
        return exported;
    }

    /// <summary>Logits (batch, length, vocabulary), final states and pooled states of the rows as one right-padded batch.</summary>
    private static (Tensor Logits, Tensor States, Tensor Pooled) Run(CausalDecoder decoder, long[][] rows)
    {
        var (ids, padding) = Tiny.Batch(rows);
        var states = Tiny.States(decoder, ids, padding);
        using var head = decoder.CreateHead(new HeadSpec(TargetKind.CausalLm, decoder.Config.VocabularySize));
        using var noGrad = no_grad();
        return (head.Predict(states, null!).detach(), states, decoder.Pool(states, padding));
    }

    public void Dispose() => temp.Dispose();
}
