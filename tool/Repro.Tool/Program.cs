using Microsoft.Extensions.Logging;
using Cocona;
using Repro.Tool;
using Repro.Tool.Commands;

// `--verbose` (any command): errors also print their stack trace.
args = Verbosity.Take(args);

// `repro --version` answers before the command-line framework starts, so it stays fast. It names the contracts
// version too: plugins must be built against that major version and an equal or older minor one.
if (args is ["--version"])
{
    Console.WriteLine($"repro {ToolInfo.Version} (Repro.Contracts {Repro.Engine.Plugins.ContractsVersion.Host.ToString(3)})");
    return 0;
}

// Before libtorch loads: idle OpenMP threads sleep rather than spin (unless OMP_WAIT_POLICY says otherwise).
Repro.Engine.Determinism.Numerics.PreferPassiveOpenMpWaiting();

// Tables written to a file or a CI log keep whole lines instead of wrapping at 80 columns.
if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 240;

var builder = CoconaApp.CreateBuilder(args, options => options.EnableShellCompletionSupport = false);
builder.Logging.ClearProviders();
var app = builder.Build();
app.AddCommands<RunCommand>();
app.AddCommands<StatusCommand>();
app.AddCommands<GroupFinishCommand>();
app.AddCommands<PluginsCommand>();
app.AddCommands<DataCommand>();
app.AddCommands<ListCommand>();
app.AddCommands<DescribeCommand>();
app.AddCommands<ReproduceCommand>();
app.AddCommands<VerifyCommand>();
app.AddCommands<CompareCommand>();
app.AddCommands<ReportCommand>();
app.AddCommands<ExportCommand>();
app.AddCommands<PredictCommand>();
app.AddCommands<CacheRoot>();
app.AddCommands<ModelsRoot>();
await app.RunAsync();
// No command body ran: help was shown (exit 0), or the command line could not be parsed
// (unknown command or option, missing argument), which is bad input (exit 2).
if (CommandGuard.Started) return Environment.ExitCode;
return args.Any(a => a is "-h" or "--help") ? 0 : Repro.Engine.ExitCodes.BadInput;
