using System.Text.Json;
using System.Text.Json.Nodes;
using Repro.Contracts;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Engine.Tokenizers;
using Repro.Engine.Training;
using static TorchSharp.torch;
using Repro.Engine.Models;

namespace Repro.Engine.Export;

/// <summary>
/// Writes a finished stage of a run as a Hugging Face folder: the model plugin writes <c>config.json</c> and
/// <c>model.safetensors</c>; this writes <c>vocab.txt</c> (the run's tokens, in the order of the embedding rows),
/// <c>tokenizer_config.json</c>, <c>special_tokens_map.json</c> and <c>repro-export.json</c> (where it came from); a
/// GPT-2 or RoBERTa run also <c>vocab.json</c> and <c>merges.txt</c> (<see cref="ByteLevelTokenizerFiles"/>).
/// A <c>lora:</c> stage is written in PEFT's adapter layout instead (<see cref="PeftAdapter"/>), or, with <c>merge</c>,
/// as the plain folder of its body with the update merged in. The folder appears whole or not at all.
/// </summary>
public static class StageExporter
{
    /// <summary>
    /// Exports stage <paramref name="stageName"/> of <paramref name="run"/> (loaded with <paramref name="recipe"/>, the run's own) into
    /// <paramref name="folder"/>, a full path checked with <see cref="OutputPath.NewFolder"/> before any work started.
    /// </summary>
    /// <param name="bodyOnly">Leave the stage's head out.</param>
    /// <param name="merge">For a <c>lora:</c> stage: the plain folder with the update merged in, rather than the PEFT adapter.</param>
    public static void Export(RunFiles run, Recipe recipe, string stageName, string folder, bool bodyOnly = false, bool merge = false)
    {
        var (stage, record) = FinishedStage.Of(run, recipe, stageName, "export");
        var lora = stage is TrainingStage { Training.Lora: { } spec } ? spec : null;
        if (merge && lora is null)
            throw new ReproException($"--merge: stage '{stageName}' of {run.Directory} has no lora: adapters to merge; export it without --merge");
        var adapter = lora is not null && !merge;
        if (adapter && stage.Upstream is null && recipe.BuiltModelOf(stage).Checkpoint is null)
            throw new ReproException($"stage '{stageName}' of {run.Directory} adapts a model it built from scratch (no checkpoint, no upstream stage): the base its PEFT adapter " +
                                     "would need is saved nowhere; export it with --merge for the merged model");
        if (adapter && !File.Exists(run.Lora(stageName)))
            throw new ReproException($"stage '{stageName}' of {run.Directory} has no {Path.GetFileName(run.Lora(stageName))}: its adapters cannot be written; export it with --merge for the merged model");
        if (!File.Exists(run.Vocabulary))
            throw new ReproException($"{run.Directory} has no vocab.txt (runs written before repro 0.2 lack it); run the recipe again to export it");

        var model = recipe.BuiltModelOf(stage);
        if (model.Plugin.Instance is not ICheckpointModelPlugin plugin)
            throw new ReproException($"model plugin '{model.Id}' {model.Plugin.Version} cannot export checkpoints (it does not implement ICheckpointModelPlugin)");
        var manifest = Json.Read<Manifest>(run.Manifest);
        var tokens = File.ReadAllLines(run.Vocabulary);
        var context = new ModelContext(tokens.Length, manifest.Tokenizer.MaxLength, Vocabulary.Pad, tokens, model.Checkpoint?.Folder);
        var head = bodyOnly || record.HeadOutputs == 0 ? null : new HeadSpec(record.HeadTarget, record.HeadOutputs);
        var labels = head?.Target == TargetKind.Classification
            ? record.Labels ?? [.. Enumerable.Range(0, head.Outputs).Select(i => $"LABEL_{i}")]
            : [];

        var parent = Path.GetDirectoryName(Path.GetFullPath(folder))!;
        Directory.CreateDirectory(parent);
        var temp = Path.Combine(parent, $".{Path.GetFileName(Path.GetFullPath(folder))}.{Environment.ProcessId}.tmp");
        if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        Directory.CreateDirectory(temp);
        try
        {
            using (var scope = NewDisposeScope())
            {
                using var body = ModelBuilder.Build(model, context, stageName);
                ModelBuilder.LoadWeights(body, run.Body(stageName), $"weights of stage '{stageName}'");
                using var stageHead = head is null ? null : ModelBuilder.CreateHead(model, body, head, stageName);
                if (stageHead is not null) ModelBuilder.LoadWeights(stageHead, run.Head(stageName), $"head weights of stage '{stageName}'");
                var exportContext = new ExportContext(model.Parameters, context, head, labels);
                if (adapter)
                {
                    // The factors need only the layers' names and shapes: the body holds them merged, which the adapter does not use.
                    using var layers = LoraLayers.Attach(body, lora!, seed: 0);
                    ModelBuilder.LoadWeights(layers, run.Lora(stageName), $"adapters of stage '{stageName}'");
                    PeftAdapter.Write(temp, layers, stageHead,
                        (parameter, ofHead) => PluginCall.Run(model, stageName, "HuggingFaceName", () => plugin.HuggingFaceName(parameter, ofHead, exportContext)),
                        model.Id, stage.Upstream is null ? model.Checkpoint?.Folder : null);
                }
                else PluginCall.Run(model, stageName, "Export", () => plugin.Export(body, stageHead, exportContext, temp));
            }
            File.WriteAllLines(Path.Combine(temp, "vocab.txt"), tokens);
            var framing = TokenFraming.Named(manifest.Tokenizer.Framing ?? TokenFraming.Bert.Name) ?? TokenFraming.Bert;
            if (framing == TokenFraming.Bert) WriteTokenizerFiles(temp, recipe, context);
            else if (framing == TokenFraming.Llama)
                File.WriteAllText(Path.Combine(temp, "README.repro.txt"),
                    "The run's tokenizer was the checkpoint's SentencePiece tokenizer.model, whose ids are not the run's: vocab.txt lists the run's " +
                    "tokens in the order of the embedding rows, and repro predict tokenizes as the run did. No tokenizer.model is written.\n");
            else ByteLevelTokenizerFiles.Write(temp, tokens, framing, recipe.Model!.Checkpoint!.Folder, context.MaxLength);
            WriteProvenance(temp, run, manifest, stageName, record, head is not null, adapter ? (stage.Upstream, model.Checkpoint?.Folder) : null);
            try
            {
                if (Directory.Exists(folder)) Directory.Delete(folder);
                Directory.Move(temp, folder);
            }
            catch (IOException e) { throw new ReproException($"--out {folder}: the export could not be moved into place ({e.Message})"); }
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    private static void WriteTokenizerFiles(string folder, Recipe recipe, ModelContext context)
    {
        // The checkpoint's own settings when it supplied the tokenizer; else what the recipe's tokenizer did.
        var config = recipe.Tokenizer.FromModel && recipe.Model?.Checkpoint is { } checkpoint
            ? BertTokenizerConfig.OfFolder(checkpoint.Folder)
            : new BertTokenizerConfig(recipe.Tokenizer.Lowercase, null, true);
        var specials = new JsonObject
        {
            ["unk_token"] = "[UNK]", ["sep_token"] = "[SEP]", ["pad_token"] = "[PAD]", ["cls_token"] = "[CLS]", ["mask_token"] = "[MASK]",
        };
        var tokenizer = new JsonObject
        {
            ["tokenizer_class"] = "BertTokenizer",
            ["do_lower_case"] = config.Lowercase,
            ["strip_accents"] = config.StripAccents,
            ["tokenize_chinese_chars"] = config.ChineseChars,
            ["model_max_length"] = context.MaxLength,
        };
        foreach (var (k, v) in specials) tokenizer[k] = v!.DeepClone();
        File.WriteAllText(Path.Combine(folder, BertTokenizerConfig.FileName), tokenizer.ToJsonString(Json.Options) + "\n");
        File.WriteAllText(Path.Combine(folder, "special_tokens_map.json"), specials.ToJsonString(Json.Options) + "\n");
        if (recipe.Tokenizer is { FromModel: false, Type: not TokenizerType.WordPiece } or { Prune: true })
            File.WriteAllText(Path.Combine(folder, "README.repro.txt"),
                $"The run's tokenizer was '{MappingReader.Name(recipe.Tokenizer.Type)}'{(recipe.Tokenizer.Prune ? ", pruned to the tokens its training text uses" : "")}, not a full BERT WordPiece " +
                "vocabulary: vocab.txt lists its tokens in id order, but Hugging Face's BertTokenizer will not split text the same way. " +
                "Tokenize with repro's tokenizer (repro predict) to get the ids the model was trained on.\n");
    }

    /// <param name="adapterBase">For a PEFT adapter: the upstream stage and the checkpoint folder its base came from.</param>
    private static void WriteProvenance(string folder, RunFiles run, Manifest manifest, string stage, StageRecord record, bool withHead,
        (string? Upstream, string? Checkpoint)? adapterBase = null)
    {
        var provenance = new JsonObject
        {
            ["run"] = run.Directory,
            ["recipe"] = $"{manifest.Recipe.Name}@{manifest.Recipe.Version}",
            ["seed"] = manifest.Seed,
            ["stage"] = stage,
            ["body_sha256"] = record.BodySha256,
            ["head_sha256"] = withHead ? record.HeadSha256 : null,
            ["repro"] = manifest.Software.Repro,
        };
        if (adapterBase is var (upstream, checkpoint))
        {
            provenance["lora_sha256"] = FileHash.Of(run.Lora(stage));
            provenance["adapter_base"] = upstream is not null
                ? $"the body of stage '{upstream}' of this run: export it with 'repro export {Path.Combine(run.Directory, upstream)} --body-only' and load the adapter onto that folder"
                : checkpoint;
        }
        File.WriteAllText(Path.Combine(folder, "repro-export.json"), provenance.ToJsonString(Json.Options) + "\n");
    }
}
