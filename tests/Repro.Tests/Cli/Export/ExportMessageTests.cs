using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// <c>repro export</c> and <c>repro predict</c> name what is wrong with the stage they are given, in the same terms: a stage the
/// run does not have (and the ones it has), a baseline stage (no model), with exit 2 and nothing written.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class ExportMessageTests(TinyRun tiny) : IClassFixture<TinyRun>
{
    public static TheoryData<string> Commands => new() { "export", "predict" };

    private CliResult Run(TempDirectory temp, string command, string stage) => command == "export"
        ? Cli.Run(temp.Path, "export", Path.Combine(tiny.Directory, stage), "--out", "exported")
        : Cli.Run(temp.Path, "predict", Path.Combine(tiny.Directory, stage), "--text", "a b");

    private static void AssertRefused(TempDirectory temp, CliResult result, string message)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.DoesNotContain("has not finished", result.Stderr);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "exported")), "nothing may be exported");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void AStageTheRunDoesNotHaveIsNamedWithTheStagesItHas(string command)
    {
        using var temp = new TempDirectory();

        var result = Run(temp, command, "nope");

        AssertRefused(temp, result, $"{tiny.Directory} has no stage 'nope'; its stages are pretrain, target, base");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void AMisspeltStageIsSuggested(string command)
    {
        using var temp = new TempDirectory();

        AssertRefused(temp, Run(temp, command, "targte"), "has no stage 'targte'; its stages are pretrain, target, base; did you mean 'target'?");
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void ABaselineStageHasNoModel(string command)
    {
        using var temp = new TempDirectory();

        var result = Run(temp, command, "base");

        AssertRefused(temp, result, $"stage 'base' of {tiny.Directory} is a baseline stage (majority): baseline stages train no model, so there is none to {(command == "export" ? "export" : "predict with")}");
        Assert.Contains("name a stage that trains one: pretrain, target", result.Stderr);
        Assert.DoesNotContain("incomplete", result.Stderr);
    }
}
