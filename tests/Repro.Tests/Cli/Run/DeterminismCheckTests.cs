using Repro.Engine.Runs;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>`repro run --check-determinism` and the trace comparison behind it.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class DeterminismCheckTests
{
    [Fact]
    public void TheBuiltInsAreDeterministicAcrossProcesses()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());

        var result = Cli.Run(temp.Path, "run", recipe, "--check-determinism", "--steps", "6");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("deterministic: 12 steps in 2 stage(s) agree bitwise", result.Stdout);
        Assert.False(Directory.Exists(Path.Combine(temp.Path, "runs")), "the check leaves no run directories behind");
    }

    private static TraceRecord Step(int step, double loss, string hashOfB = "2") =>
        new("target", step, loss, new Dictionary<string, string> { ["body.a"] = "1", ["body.b"] = hashOfB, ["head.c"] = "3" });

    [Fact]
    public void TheFirstDivergingStepAndTensorAreNamed()
    {
        Assert.Null(StepTrace.FirstDivergence([Step(1, 0.5), Step(2, 0.4)], [Step(1, 0.5), Step(2, 0.4)]));
        Assert.Equal("stage 'target' step 2: the loss differs (0.4 vs 0.40000000000000002)".Replace("0.40000000000000002", (0.4 + 1e-16).ToString("R")),
            StepTrace.FirstDivergence([Step(1, 0.5), Step(2, 0.4)], [Step(1, 0.5), Step(2, 0.4 + 1e-16)]));
        Assert.Equal("stage 'target' step 1: the loss agrees, but parameter 'body.b' differs after the update",
            StepTrace.FirstDivergence([Step(1, 0.5), Step(2, 0.4)], [Step(1, 0.5, hashOfB: "9"), Step(2, 0.3)]));
        Assert.Contains("stopped after 1 traced steps", StepTrace.FirstDivergence([Step(1, 0.5)], [Step(1, 0.5), Step(2, 0.4)]));
    }
}
