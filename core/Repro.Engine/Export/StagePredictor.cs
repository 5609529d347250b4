using System.Text.Json;
using Repro.Contracts;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Engine.Tokenizers;
using Repro.Engine.Training;
using static TorchSharp.torch;
using Repro.Engine.Models;

namespace Repro.Engine.Export;

/// <summary>One prediction of a finished stage: the token ids it read and what its head said.</summary>
/// <param name="Text">The input text.</param>
/// <param name="Ids">Model token ids, [CLS] and [SEP] included.</param>
/// <param name="Logits">Classification logits (one per class); null for regression.</param>
/// <param name="Label">The class with the highest logit; null for regression.</param>
/// <param name="Value">The regression output; null for classification.</param>
public sealed record Prediction(string Text, long[] Ids, float[]? Logits, string? Label, double? Value)
{
    /// <summary>Token-level stages: the words of the text (split at whitespace); absent otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Words { get; init; }

    /// <summary>Token-level stages: the tag of each word (its first sub-token's), <c>null</c> for a word cut off by truncation; absent otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string?>? Tags { get; init; }
}

/// <summary>
/// Runs a finished stage's model on new text: the run's own tokenizer (rebuilt and checked against the manifest's
/// vocabulary hash, so ids are the ones it trained on), body and head, in evaluation mode.
/// </summary>
public static class StagePredictor
{
    /// <summary>Largest <c>--file</c> read: its texts are held in memory, and each is predicted in turn.</summary>
    public const long MaxFileBytes = 64L << 20;

    /// <summary>Longest line (one text, or a tab-separated pair) of a <c>--file</c>.</summary>
    public const int MaxTextChars = 1 << 20;

    /// <summary>The texts of <paramref name="path"/>, one per non-empty line, within <see cref="MaxFileBytes"/> and <see cref="MaxTextChars"/>.</summary>
    public static IReadOnlyList<string> ReadTexts(string path) =>
        [.. Data.InputFile.ReadLines(path, MaxFileBytes, MaxTextChars, "--file").Where(l => l.Length > 0)];

    /// <summary>Predicts every text of <paramref name="texts"/> with stage <paramref name="stageName"/> of <paramref name="run"/> (loaded with its own recipe).</summary>
    public static IReadOnlyList<Prediction> Predict(RunFiles run, Recipe recipe, string stageName, IReadOnlyList<string> texts)
    {
        var (stage, record) = FinishedStage.Of(run, recipe, stageName, "predict with");
        if (Recipes.LanguageModelObjective.IsText(record.HeadTarget) || record.HeadOutputs == 0)
            throw new ReproException($"stage '{stageName}' has no classification or regression head (it is a {stage.Kind.ToString().ToLowerInvariant()} stage); predict needs one");
        var manifest = Json.Read<Manifest>(run.Manifest);
        var tokenizer = Tokenizer(recipe, manifest);

        var head = new HeadSpec(record.HeadTarget, record.HeadOutputs);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (body, stageHead) = FinishedStage.Load(run, recipe, stage, record, tokenizer);
        using var disposeBody = body;
        using var disposeHead = stageHead;

        var predictions = new List<Prediction>(texts.Count);
        foreach (var text in texts)
        {
            using var step = NewDisposeScope();
            // A sentence pair is given as "first<TAB>second", as the pair tasks read it; a token-level stage reads words split at whitespace.
            var tab = text.IndexOf('\t');
            var words = head.Target == TargetKind.TokenClassification ? text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) : null;
            var encoded = words is not null ? Data.WordAlignment.Encode(tokenizer, new Example("input", text) { Words = words, Tags = new int[words.Length] })
                : tokenizer.Encode(tab < 0 ? new Example("input", text) : new Example("input", text[..tab], text[(tab + 1)..]));
            var (ids, segments) = (encoded.Ids, encoded.Segments);
            var tokens = tensor(ids).unsqueeze(0);
            var padding = zeros(1, ids.Length, ScalarType.Bool);
            var states = body.Encode(body.Embed(tokens, tensor(segments).unsqueeze(0)), padding);
            var output = stageHead.Predict(states, body.Pool(states, padding));
            if (words is not null)
            {
                var tags = Data.WordAlignment.WordPredictions(encoded, output.argmax(-1).squeeze(0).data<long>().ToArray());
                predictions.Add(new Prediction(text, ids, null, null, null)
                {
                    Words = words,
                    Tags = [.. tags.Select(t => t < 0 ? null : record.Labels?[(int)t] ?? $"LABEL_{t}")],
                });
            }
            else if (head.Target == TargetKind.Regression)
                predictions.Add(new Prediction(text, ids, null, null, output.item<float>()));
            else
            {
                var logits = output.squeeze(0).data<float>().ToArray();
                var best = Array.IndexOf(logits, logits.Max());
                predictions.Add(new Prediction(text, ids, logits, record.Labels?[best] ?? $"LABEL_{best}", null));
            }
        }
        return predictions;
    }

    /// <summary>The run's tokenizer, rebuilt without its training text, and refused unless it gives the ids the run used.</summary>
    internal static TextTokenizer Tokenizer(Recipe recipe, Manifest manifest)
    {
        var spec = recipe.Tokenizer;
        if (spec.Type == TokenizerType.Words || spec.Prune)
            throw new ReproException($"predict rebuilds the run's tokenizer, and this one ({MappingReader.Name(spec.Type)}{(spec.Prune ? ", pruned" : "")}) was made from its training text; " +
                                     "predict works with tokenizer from: model, gpt2, wordpiece or bpe without prune");
        var tokenizer = TokenizerBuilder.Build(spec, [], recipe.Model?.Checkpoint?.Folder);
        if (tokenizer.Hash != manifest.Tokenizer.VocabularySha256)
            throw new ReproException($"the tokenizer files changed since the run (vocabulary hash {tokenizer.Hash[..12]}, the run's {manifest.Tokenizer.VocabularySha256[..12]}); predictions would not use the run's ids");
        return tokenizer;
    }
}
