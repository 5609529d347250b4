using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>A sweep axis (or <c>--set</c>) into a stage the recipe does not have is refused at the axis, by describe and run alike, before anything is written.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class SweepAxisTests
{
    private const string Analysis = """
        analysis:
          primary: test/accuracy
          comparisons: [[target, other]]
          min_effect: 0.05
        """;

    private static string Recipe(string sweep = "") =>
        TinyRecipes.TwoStage(extraStages: TinyRecipes.Target.Replace("  target:", "  other:")) + "\n" + Analysis + "\n" + sweep + "\n";

    private const string NoStage = "'stages.nope.optimizer.lr' names no stage of the recipe: there is no stage 'nope' (stages: pretrain, target, other)";

    [Fact]
    public void ASweepAxisIntoAMissingStageIsRefusedAtItsLineByDescribeAndRun()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", Recipe("sweep:\n  stages.nope.optimizer.lr: [1.0e-3, 1.0e-2]"));
        var line = Array.FindIndex(File.ReadAllLines(recipe), l => l.Contains("stages.nope", StringComparison.Ordinal)) + 1;

        foreach (var command in new[] { new[] { "describe", recipe }, ["run", recipe, "--out", "runs"] })
            Refusal.AssertBeforeWriting(temp, Cli.Run(temp.Path, command), $"{recipe}:{line}:3: recipe.sweep: {NoStage}");
    }

    [Fact]
    public void AGridAxisIntoAMissingStageIsRefusedAtTheGridOption()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", Recipe());

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--grid", "stages.nope.optimizer.lr=1e-3,1e-2");

        Refusal.AssertBeforeWriting(temp, result, "--grid stages.nope.optimizer.lr=1e-3,1e-2: ");
        Assert.Contains(NoStage, result.Stderr);
        Assert.DoesNotContain("1e-2)", result.Stderr); // once for the axis, not once per value
    }

    [Fact]
    public void ASetIntoAMissingStageIsRefusedAtTheOverride()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", Recipe());

        var result = Cli.Run(temp.Path, "describe", recipe, "--set", "stages.nope.optimizer.lr=1e-3");

        Refusal.AssertBeforeWriting(temp, result, "--set stages.nope.optimizer.lr=1e-3: 'stages.nope.optimizer.lr' names no stage of the recipe: there is no stage 'nope'");
    }
}
