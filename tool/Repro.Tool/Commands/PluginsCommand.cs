using Cocona;
using Repro.Engine;
using Repro.Engine.Plugins;
using Repro.Engine.Recipes;
using Spectre.Console;

namespace Repro.Tool.Commands;

/// <summary><c>repro plugins</c>.</summary>
public sealed class PluginsCommand
{
    /// <summary>Lists the plugins found and the methods built into training stages (<see cref="StageMethods"/>), or one plugin's parameters.</summary>
    [Command("plugins", Description = "List the plugins (built-in, --plugins, and with --recipe the recipe's packages and paths), or describe one with --describe ID")]
    public int Plugins(PluginPathOptions plugins,
        [Option("describe", Description = "Show one plugin's parameters")] string? describe = null,
        [Option("recipe", Description = "Also load this recipe's plugins: restore its packages, load its plugin_paths")] string? recipe = null) =>
        CommandGuard.Run(() =>
        {
            var catalog = recipe is null ? PluginCatalog.Load(plugins.Paths) : RecipeLoader.Load(recipe, [], plugins.Paths).Catalog;
            if (describe is not null) return Describe(catalog, describe);
            var table = new Table().AddColumn(new TableColumn("id").NoWrap()).AddColumns("kind", "version", "determinism", "origin", "assembly", "description");
            foreach (var p in catalog.Plugins)
                table.AddRow(Markup.Escape(p.Id), p.Kind.ToString().ToLowerInvariant(), p.Version.ToString(),
                    ParameterNames.ToSnakeCase(p.Determinism.ToString()), Markup.Escape(PluginOrigin.Describe(p)),
                    Markup.Escape(Path.GetFileName(p.AssemblyPath)), Markup.Escape(p.Description));
            AnsiConsole.Write(table);
            var methods = new Table().AddColumn(new TableColumn("method").NoWrap()).AddColumns("setting", "description");
            foreach (var m in StageMethods.All) methods.AddRow(m.Name, Markup.Escape(m.Setting), Markup.Escape(m.Description));
            AnsiConsole.WriteLine("Built into training stages, for any model plugin:");
            AnsiConsole.Write(methods);
            return ExitCodes.Ok;
        });

    private static int Describe(PluginCatalog catalog, string id)
    {
        var plugin = catalog.Find(id) ?? throw new ReproException(catalog.Unknown(id, catalog.Plugins.FirstOrDefault()?.Kind ?? Contracts.PluginKind.Task));
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(plugin.Id)}[/] {plugin.Version} ({plugin.Kind.ToString().ToLowerInvariant()}): {Markup.Escape(plugin.Description)}");
        AnsiConsole.MarkupLine($"origin:   {Markup.Escape(PluginOrigin.Describe(plugin))}");
        AnsiConsole.MarkupLine($"assembly: {Markup.Escape(plugin.AssemblyPath)}");
        AnsiConsole.MarkupLine($"sha256:   {plugin.AssemblySha256}");
        var table = new Table().AddColumns("parameter", "type", "default", "range", "description");
        foreach (var p in plugin.Parameters)
            table.AddRow(p.Name, Markup.Escape(p.TypeName), Markup.Escape(p.Default), Range(p), Markup.Escape(p.Description));
        AnsiConsole.Write(table);
        return ExitCodes.Ok;
    }

    private static string Range(ParameterInfo p) =>
        (double.IsInfinity(p.Min), double.IsInfinity(p.Max)) switch
        {
            (true, true) => "",
            (false, true) => $">= {p.Min}",
            (true, false) => $"<= {p.Max}",
            _ => $"{p.Min} .. {p.Max}",
        };
}
