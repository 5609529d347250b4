using System.Globalization;
using Cocona;
using Repro.Engine;
using Repro.Engine.Caching;
using Spectre.Console;

namespace Repro.Tool.Commands;

/// <summary><c>repro cache ls</c> and <c>repro cache gc</c>.</summary>
[HasSubCommands(typeof(CacheCommand), "cache", Description = "Inspect or clean the stage cache")]
public sealed class CacheRoot;

/// <summary>The stage cache's subcommands.</summary>
public sealed class CacheCommand
{
    /// <summary>Lists cached stages.</summary>
    [Command("ls", Description = "List cached stages: key, stage, recipes that use it, size, age")]
    public int List([Option("cache", Description = "Stage cache folder")] string? cache = null) =>
        CommandGuard.Run(() =>
        {
            var store = new StageCache(Path.GetFullPath(cache ?? StageCache.DefaultRoot));
            var entries = store.List();
            var table = new Table().AddColumns("key", "stage", "used by", "size", "created", "last used");
            foreach (var (entry, bytes, lastUsed) in entries)
                table.AddRow(entry.Key[..12], Markup.Escape(entry.Stage), Markup.Escape(string.Join(", ", entry.UsedBy)), Size(bytes),
                    entry.CreatedUtc.ToString("u", CultureInfo.InvariantCulture), lastUsed.ToString("u", CultureInfo.InvariantCulture));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine($"{entries.Count} entries, {Size(entries.Sum(e => e.Bytes))} in {Markup.Escape(store.Root)}");
            return ExitCodes.Ok;
        });

    /// <summary>Removes entries not used for a while.</summary>
    [Command("gc", Description = "Remove cached stages and tokenized splits not used for --older-than days (0: all)")]
    public int Collect(
        [Option("older-than", Description = "Keep entries used within this many days", ValueName = "DAYS")] string olderThanText = "30",
        [Option("cache", Description = "Stage cache folder")] string? cache = null) =>
        CommandGuard.Run(() =>
        {
            var olderThan = NumberOption.Double("--older-than", olderThanText);
            if (olderThan is < 0 or > 36_500) throw new ReproException("--older-than must be between 0 and 36500 days");
            var store = new StageCache(Path.GetFullPath(cache ?? StageCache.DefaultRoot));
            var cutoff = DateTime.UtcNow.AddDays(-olderThan);
            var (count, bytes) = store.Collect(cutoff);
            var (tokenFiles, tokenBytes) = new TokenCache(store.Root).Collect(cutoff);
            Console.WriteLine($"removed {count} entries ({Size(bytes)}) and {tokenFiles} tokenized splits ({Size(tokenBytes)}) from {store.Root}");
            return ExitCodes.Ok;
        });

    private static string Size(long bytes) => bytes switch
    {
        < 1 << 20 => $"{bytes / 1024.0:F1} KiB",
        < 1 << 30 => $"{bytes / (1024.0 * 1024):F1} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):F2} GiB",
    };
}
