using Cocona;
using Repro.Contracts;
using Repro.Engine;
using Repro.Engine.Plugins;
using Spectre.Console;

namespace Repro.Tool.Commands;

/// <summary><c>repro data</c>.</summary>
public sealed class DataCommand
{
    /// <summary>
    /// Probes the data source of every task plugin that reads installed data (<see cref="IDataSourcePlugin"/>)
    /// and prints one row each. Exit 0 when every source was found and loaded, 1 when one is missing or unreadable.
    /// </summary>
    [Command("data", Description = "List the data sources of the task plugins: found or missing, path, examples, fingerprint (exit 1 when one is missing)")]
    public int Data(PluginPathOptions plugins) =>
        CommandGuard.Run(() =>
        {
            var catalog = PluginCatalog.Load(plugins.Paths);
            var table = new Table().AddColumn(new TableColumn("task").NoWrap()).AddColumns("source", "package", "status", "path", "examples", "fingerprint");
            var missing = new List<DataSourceStatus>();
            foreach (var plugin in catalog.Plugins.Where(p => p.Instance is IDataSourcePlugin))
                foreach (var status in ((IDataSourcePlugin)plugin.Instance).Probe())
                {
                    if (!status.Found) missing.Add(status);
                    table.AddRow(Markup.Escape(plugin.Id), Markup.Escape(status.Source), Markup.Escape(status.Package),
                        status.Found ? "[green]found[/]" : status.Path is null ? "[red]missing[/]" : "[red]unreadable[/]",
                        Markup.Escape(status.Path ?? ""), status.Found ? status.Examples.ToString(System.Globalization.CultureInfo.InvariantCulture) : "",
                        status.Fingerprint is null ? "" : status.Fingerprint[..12]);
                }
            AnsiConsole.Write(table);
            foreach (var status in missing.DistinctBy(s => s.Package))
                Console.Error.WriteLine($"{status.Package}: {status.Problem}");
            if (missing.Count > 0)
                Console.Error.WriteLine("install every source with ./install-data.sh (from the repro checkout), or each with the command above");
            return missing.Count == 0 ? ExitCodes.Ok : ExitCodes.CheckFailed;
        });
}
