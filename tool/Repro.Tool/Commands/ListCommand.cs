using Cocona;
using Repro.Engine;
using Spectre.Console;
using YamlDotNet.RepresentationModel;

namespace Repro.Tool.Commands;

/// <summary><c>repro list</c>.</summary>
public sealed class ListCommand
{
    /// <summary>Lists the recipes of a folder with their versions and descriptions.</summary>
    [Command("list", Description = "List the recipes in a folder (default: recipes)")]
    public int List([Argument(Description = "Folder to search for *.yaml recipes")] string folder = "recipes") =>
        CommandGuard.Run(() =>
        {
            if (!Directory.Exists(folder)) throw new ReproException($"folder not found: {folder}");
            var table = new Table().AddColumns("recipe", "version", "file", "description");
            foreach (var file in Directory.GetFiles(folder, "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                var (name, version, description) = Header(file);
                table.AddRow(Markup.Escape(name), Markup.Escape(version), Markup.Escape(Path.GetRelativePath(folder, file)), Markup.Escape(description));
            }
            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        });

    private static (string Name, string Version, string Description) Header(string file)
    {
        try
        {
            var stream = new YamlStream();
            using (var reader = File.OpenText(file)) stream.Load(reader);
            if (stream.Documents.FirstOrDefault()?.RootNode is not YamlMappingNode root) return ("?", "?", "(not a recipe: no mapping)");
            string Get(string key) => root.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlScalarNode s ? s.Value ?? "" : "";
            return (Get("name"), Get("version"), Get("description").ReplaceLineEndings(" ").Trim());
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            return ("?", "?", $"(invalid YAML at line {e.Start.Line})");
        }
    }
}
