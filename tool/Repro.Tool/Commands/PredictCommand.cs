using System.Text.Json;
using Cocona;
using Repro.Engine;
using Repro.Engine.Export;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Tool.Commands;

/// <summary><c>repro predict</c>.</summary>
public sealed class PredictCommand
{
    /// <summary>Runs a finished stage on new text and prints one JSON line per text.</summary>
    [Command("predict", Description = "Run a finished classification, regression or token-level stage on text: one JSON line per text (ids, logits, label or value; words and tags); --generate N continues texts with a causal decoder")]
    public int Predict(
        [Argument(Description = "The stage: RUN_DIRECTORY/STAGE")] string stage,
        PluginPathOptions plugins,
        [Option("text", Description = "A text to predict; repeatable")] string[]? text = null,
        [Option("file", Description = "A file with one text per line")] string? file = null,
        [Option("generate", Description = "Continue each text by up to N tokens with a causal decoder's pretrain stage (stops after [SEP])")] int? generate = null,
        [Option("temperature", Description = "With --generate: 0 (default) takes the most likely token; T > 0 samples from softmax(logits / T)")] double temperature = 0,
        [Option("seed", Description = "With --generate and a temperature: the sampling seed (default 0), anew for each text")] long seed = 0) =>
        CommandGuard.Run(() =>
        {
            var (run, name) = StagePath.Parse(stage);
            var texts = (text ?? []).Concat(file is null ? [] : StagePredictor.ReadTexts(file)).ToList();
            if (texts.Count == 0) throw new ReproException("give the texts to predict with --text or --file");
            var (recipe, _) = RecipeLoader.Load(run.Recipe, [], plugins.Paths, recorded: run.ReadManifest());
            if (generate is { } count)
                foreach (var generation in StageGenerator.Generate(run, recipe, name, texts, count, temperature, seed))
                    Console.WriteLine(JsonSerializer.Serialize(generation, Json.Compact));
            else
                foreach (var prediction in StagePredictor.Predict(run, recipe, name, texts))
                    Console.WriteLine(JsonSerializer.Serialize(prediction, Json.Compact));
            return ExitCodes.Ok;
        });
}

/// <summary>A stage named on the command line as <c>RUN_DIRECTORY/STAGE</c> (or <c>RUN_DIRECTORY/stages/STAGE</c>).</summary>
internal static class StagePath
{
    public static (RunFiles Run, string Stage) Parse(string path)
    {
        var full = Path.GetFullPath(path).TrimEnd('/');
        var stage = Path.GetFileName(full);
        var directory = Path.GetDirectoryName(full)!;
        if (Path.GetFileName(directory) == "stages") directory = Path.GetDirectoryName(directory)!;
        var run = new RunFiles(directory);
        if (!File.Exists(run.Recipe) || !File.Exists(run.Manifest))
            throw new ReproException($"{directory} is not a run directory (it needs recipe.yaml and manifest.json); name a stage as RUN_DIRECTORY/STAGE");
        return (run, stage);
    }
}
