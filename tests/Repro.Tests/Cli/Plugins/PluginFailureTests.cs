using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// Plugin code that throws, and plugins that reject their parameters: exit 2 with the plugin, version and stage (or the
/// parameter's file:line:column), no stack trace on the console, and a run directory marked failed with an error.log.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class PluginFailureTests(FaultyPluginsBuild faulty) : IClassFixture<FaultyPluginsBuild>
{
    private const string StackFrame = "   at ";

    private static string Recipe(string model, string regularizers = "") => $"""
        name: faulty
        version: 1.0.0
        seed: 7
        threads: 1
        tokenizer: {"{"} max_length: 24 {"}"}
        model:
        {model}
        stages:
          target:
            kind: finetune
            task: {"{"} plugin: synthetic-topic, params: {"{"} train_per_class: 4, dev_size: 30, test_size: 60 {"}"} {"}"}
            optimizer: {"{"} lr: 3.0e-3 {"}"}
            steps: 6
            batch_size: 8
            log_every: 1
        {regularizers}
        """;

    private const string TinyEncoder = """
          plugin: bert-encoder
          params: { hidden_size: 16, layers: 1, heads: 2, ffn_size: 32 }
        """;

    /// <summary>The one run directory under <c>runs/faulty@1.0.0/</c>.</summary>
    private static string RunDirectory(string root) => Directory.GetDirectories(Path.Combine(root, "runs", "faulty@1.0.0")).Single();

    /// <summary>The run is marked failed with <paramref name="reason"/>, and its error.log holds the plugin's stack trace.</summary>
    private static void AssertMarkedFailed(string run, string reason, string thrownBy)
    {
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "manifest.json"))).RootElement;
        Assert.Equal("failed", manifest.GetProperty("status").GetString());
        Assert.Contains(reason, manifest.GetProperty("failure").GetString());
        Assert.True(File.Exists(Path.Combine(run, "INCOMPLETE")));
        var log = File.ReadAllText(Path.Combine(run, "error.log"));
        Assert.Contains(reason, log);
        Assert.Contains($"{StackFrame}{thrownBy}", log);
    }

    /// <summary>Line and column (1-based) of the first <paramref name="text"/> after <paramref name="after"/> in <paramref name="recipe"/>.</summary>
    private static string Position(string recipe, string after, string text)
    {
        var lines = File.ReadAllLines(recipe);
        var line = Array.FindIndex(lines, l => l.Contains(after, StringComparison.Ordinal));
        return $"{recipe}:{line + 1}:{lines[line].IndexOf(text, lines[line].IndexOf(after, StringComparison.Ordinal), StringComparison.Ordinal) + 1}";
    }

    [Fact]
    public void HeadsThatDoNotDivideTheHiddenSizeAreRefusedAtTheParameterBeforeAnythingIsWritten()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("heads.yaml", Recipe(TinyEncoder.Replace("hidden_size: 16", "hidden_size: 64").Replace("heads: 2", "heads: 3")));

        var run = Cli.Run(temp.Path, "run", recipe, "--out", "runs");
        var describe = Cli.Run(temp.Path, "describe", recipe);

        foreach (var result in new[] { run, describe })
        {
            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains($"{Position(recipe, "heads: 3", "3")}: recipe.model.params.heads: hidden_size (64) must be divisible by heads (3)", result.Stderr);
            Assert.Contains("(plugin 'bert-encoder' 2.2.0)", result.Stderr);
            Assert.DoesNotContain(StackFrame, result.Stderr);
        }
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")), "a recipe refused when it is resolved leaves no run directory");
    }

    [Fact]
    public void AModelWhoseBuildThrowsFailsTheRunNamingPluginVersionAndStage()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("build.yaml", Recipe("""
              plugin: faulty-model
              params: { message: out of cheese }
            """));

        var result = Cli.Run(temp.Path, "run", recipe, "--plugins", faulty.Output, "--out", "runs");

        Assert.True(result.ExitCode == 2, result.ToString());
        const string reason = "plugin 'faulty-model' 1.0.0 failed in stage 'target' (Build): build exploded: out of cheese";
        Assert.Contains($"error: {reason}", result.Stderr);
        Assert.DoesNotContain(StackFrame, result.Stderr);
        var run = RunDirectory(temp.Path);
        Assert.Contains(Path.Combine(run, "error.log"), result.Stderr);
        AssertMarkedFailed(run, reason, "FaultyPlugins.FaultyModelPlugin.Build");
    }

    [Fact]
    public void ARegularizerWhosePenaltyThrowsFailsTheRunAndKeepsTheStepsBeforeIt()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("penalty.yaml", Recipe(TinyEncoder,
            "    regularizers: [ { plugin: faulty-regularizer, params: { fail_at_step: 3 } } ]"));

        var result = Cli.Run(temp.Path, "run", recipe, "--plugins", faulty.Output, "--out", "runs");

        Assert.True(result.ExitCode == 2, result.ToString());
        const string reason = "plugin 'faulty-regularizer' 1.0.0 failed in stage 'target' (Penalty): penalty exploded at step 3";
        Assert.Contains($"error: {reason}", result.Stderr);
        Assert.DoesNotContain(StackFrame, result.Stderr);
        var run = RunDirectory(temp.Path);
        AssertMarkedFailed(run, reason, "FaultyPlugins.FaultyRegularizerPlugin.Faulty.Penalty");
        var steps = File.ReadLines(Path.Combine(run, "steps.jsonl")).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("step").GetInt32());
        Assert.Equal([1, 2], steps);
    }

    [Fact]
    public void VerbosePrintsThePluginsStackTrace()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("build.yaml", Recipe("""
              plugin: faulty-model
            """));

        var result = Cli.Run(temp.Path, "run", recipe, "--plugins", faulty.Output, "--out", "runs", "--verbose");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("error: plugin 'faulty-model' 1.0.0 failed in stage 'target' (Build): build exploded: no reason", result.Stderr);
        Assert.Contains($"{StackFrame}FaultyPlugins.FaultyModelPlugin.Build", result.Stderr);
    }

    [Theory]
    [InlineData("reject")]          // ParameterException("Message", ...)
    [InlineData("reject_argument")] // ArgumentException(..., "message")
    public void AParameterRejectedWhileBuildingIsReportedAtTheParameter(string failure)
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("reject.yaml", Recipe($$"""
              plugin: faulty-model
              params: { failure: {{failure}}, message: hello }
            """));

        var result = Cli.Run(temp.Path, "run", recipe, "--plugins", faulty.Output, "--out", "runs");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{Position(recipe, "message: hello", "hello")}: recipe.model.params.message: 'hello' is not a message this model accepts (plugin 'faulty-model' 1.0.0)",
            result.Stderr);
        Assert.DoesNotContain(StackFrame, result.Stderr);
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(RunDirectory(temp.Path), "manifest.json"))).RootElement;
        Assert.Equal("failed", manifest.GetProperty("status").GetString());
        Assert.Contains("recipe.model.params.message", manifest.GetProperty("failure").GetString());
    }

    [Fact]
    public void AParameterRejectedByValidateButLeftAtItsDefaultIsReportedAtTheComponent()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("validate.yaml", Recipe("""
              plugin: faulty-model
              params: { message: invalid }
            """));

        var result = Cli.Run(temp.Path, "describe", recipe, "--plugins", faulty.Output);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"{Position(recipe, "plugin: faulty-model", "faulty-model")}: recipe.model.params.failure: failure cannot go with the message 'invalid' (plugin 'faulty-model' 1.0.0)",
            result.Stderr);
        Assert.DoesNotContain(StackFrame, result.Stderr);
    }

    [Fact]
    public void AnInternalErrorPrintsNoStackTraceButNamesTheLogInTheFailedRun()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("shape.yaml", Recipe("""
              plugin: faulty-model
              params: { failure: wrong_shape }
            """));

        var result = Cli.Run(temp.Path, "run", recipe, "--plugins", faulty.Output, "--out", "runs");

        Assert.True(result.ExitCode == 70, result.ToString());
        Assert.Contains("internal error (a bug in repro or a plugin; please report it with the log named below): ExternalException: Expected input batch_size (16) to match target batch_size (8).",
            result.Stderr);
        Assert.DoesNotContain(StackFrame, result.Stderr);
        Assert.DoesNotContain("frame #", result.Stderr); // libtorch's own C++ trace
        var run = RunDirectory(temp.Path);
        Assert.Contains(Path.Combine(run, "error.log"), result.Stderr);
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(run, "manifest.json"))).RootElement;
        Assert.Equal("failed", manifest.GetProperty("status").GetString());
        Assert.Contains(StackFrame, File.ReadAllText(Path.Combine(run, "error.log")));
    }
}
