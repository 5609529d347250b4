using Microsoft.Extensions.Logging;
using Cocona;
using Repro.Tool;
using Repro.Tool.Commands;

// `repro --version` answers before the command-line framework starts, so it stays fast.
if (args is ["--version"])
{
    Console.WriteLine($"repro {ToolInfo.Version}");
    return 0;
}

// Tables written to a file or a CI log keep whole lines instead of wrapping at 80 columns.
if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 160;

var builder = CoconaApp.CreateBuilder(args, options => options.EnableShellCompletionSupport = false);
builder.Logging.ClearProviders();
var app = builder.Build();
app.AddCommands<RunCommand>();
app.AddCommands<PluginsCommand>();
app.AddCommands<ListCommand>();
app.AddCommands<DescribeCommand>();
await app.RunAsync();
return Environment.ExitCode;
