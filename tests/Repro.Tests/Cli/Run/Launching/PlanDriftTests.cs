using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>One plan per recipe version: a group or sweep planned differently is refused under the same <c>name@version</c>.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class PlanDriftTests
{
    private static readonly string Recipe = TinyRecipes.TwoStage();

    private static string[] Groups(TempDirectory temp) =>
        Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0")).Where(d => Path.GetFileName(d).StartsWith("group-") || Path.GetFileName(d).StartsWith("sweep-")).ToArray();

    [Fact]
    public void AGroupWithAChangedPlanIsRefusedUnderTheSameVersionAndOtherSeedsAreNot()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", Recipe);
        var first = Cli.Run(temp.Path, "run", recipe, "--seeds", "1,2", "--out", "runs", "--max-steps", "1");
        Assert.True(first.ExitCode == 0, first.ToString());
        var group = Assert.Single(Groups(temp));
        Assert.True(File.Exists(Path.Combine(group, "plan.yaml")));

        // More seeds of the same plan join the version folder.
        var more = Cli.Run(temp.Path, "run", recipe, "--seeds", "3,4", "--out", "runs", "--max-steps", "1");
        Assert.True(more.ExitCode == 0, more.ToString());
        Assert.Equal(2, Groups(temp).Length);
        var before = Directory.GetFileSystemEntries(Path.Combine(temp.Path, "runs"), "*", SearchOption.AllDirectories).Length;

        // The same version with another learning rate does not.
        var changed = Cli.Run(temp.Path, "run", recipe, "--seeds", "1,2", "--out", "runs", "--set", "stages.target.optimizer.lr=0.5");
        Assert.True(changed.ExitCode == 2, changed.ToString());
        Assert.Contains($"{group} holds runs of tiny@1.0.0 planned differently", changed.Stderr);
        Assert.Contains("+ lr: 0.5", changed.Stderr);
        Assert.Contains("give the changed recipe a new version", changed.Stderr);
        Assert.DoesNotContain("   at ", changed.Stderr);
        Assert.Equal(before, Directory.GetFileSystemEntries(Path.Combine(temp.Path, "runs"), "*", SearchOption.AllDirectories).Length);
    }

    [Fact]
    public void CompareSaysWhetherTheRecipeFileStillPlansWhatTheRunsRan()
    {
        using var temp = new TempDirectory();
        var text = TinyRecipes.TwoStage(extraStages: TinyRecipes.Target.Replace("  target:", "  other:")) + """

            analysis:
              primary: test/accuracy
              comparisons: [[target, other]]
              min_effect: 0.05
            """;
        var recipe = temp.Write("tiny.yaml", text);
        Assert.Equal(0, Cli.Run(temp.Path, "run", recipe, "--seeds", "1,2", "--out", "runs", "--max-steps", "1").ExitCode);
        var group = Assert.Single(Groups(temp));

        var same = Cli.Run(temp.Path, "compare", group);
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Contains("plans what these runs ran", same.Stdout);

        temp.Write("tiny.yaml", text.Replace("version: 1.0.0", "version: 1.0.0 # edited after the runs").Replace("steps: 10", "steps: 11"));
        var edited = Cli.Run(temp.Path, "compare", group);
        Assert.True(edited.ExitCode == 0, edited.ToString());
        Assert.Contains("deviates from what these runs ran", edited.Stdout);
        Assert.Contains("+ steps: 11", edited.Stdout);
    }
}
