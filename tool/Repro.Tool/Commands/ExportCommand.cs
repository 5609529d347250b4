using Cocona;
using Repro.Engine;
using Repro.Engine.Export;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Tool.Commands;

/// <summary><c>repro export</c>.</summary>
public sealed class ExportCommand
{
    /// <summary>Writes a finished stage as a Hugging Face checkpoint folder.</summary>
    [Command("export", Description = "Write a finished stage as a Hugging Face folder (config.json, model.safetensors, vocab.txt, tokenizer_config.json); a lora: stage as a PEFT adapter (adapter_config.json, adapter_model.safetensors)")]
    public int Export(
        [Argument(Description = "The stage: RUN_DIRECTORY/STAGE (or RUN_DIRECTORY/stages/STAGE)")] string stage,
        [Option("out", Description = "The folder to write; it must not exist or be empty")] string @out,
        [Option("body-only", Description = "Leave the stage's task head out")] bool bodyOnly,
        [Option("merge", Description = "For a lora: stage: a plain Hugging Face folder with the low-rank update merged into the weights, instead of the PEFT adapter")] bool merge,
        PluginPathOptions plugins) =>
        CommandGuard.Run(() =>
        {
            var (run, name) = StagePath.Parse(stage);
            var folder = OutputPath.NewFolder(@out, "--out");
            var (recipe, _) = RecipeLoader.Load(run.Recipe, [], plugins.Paths, recorded: run.ReadManifest());
            StageExporter.Export(run, recipe, name, folder, bodyOnly, merge);
            Console.WriteLine($"exported stage '{name}' of {run.Directory} to {folder}");
            return ExitCodes.Ok;
        });
}
