using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// A declared analysis that could never be computed (a metric or split the compared stages do not report, a stage that
/// does not exist, a comparison listed both ways) is refused by describe and by run before anything is written, at its line.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class AnalysisPlanTests
{
    /// <summary>Two fine-tuning arms on synthetic-topic (it reports accuracy and macro_f1 on test and dev); <paramref name="analysis"/> replaces the analysis block.</summary>
    private static string Recipe(string analysis, string bEval = "") => $$"""
        name: arms
        version: 1.0.0
        seed: 7
        threads: 1
        tokenizer: { max_length: 24 }
        {{TinyRecipes.Model}}
        stages:
          a:
            kind: finetune
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 10, test_size: 10 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 2
            batch_size: 8
          b:
            kind: finetune
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 10, test_size: 10 } }
            optimizer: { type: adamw, lr: 1.0e-3 }
            steps: 2
            batch_size: 8
        {{bEval}}
        analysis:
        {{analysis}}
          min_effect: 0.01
        """;

    /// <summary><c>file:line:column</c> of <paramref name="text"/> on the first line that holds it.</summary>
    private static string At(string recipe, string text)
    {
        var lines = File.ReadAllLines(recipe);
        var line = Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal));
        return $"{recipe}:{line + 1}:{lines[line].IndexOf(text, StringComparison.Ordinal) + 1}";
    }

    public static TheoryData<string, string, string, string> Cases => new()
    {
        {
            "  primary: test/mcc\n  comparisons: [[a, b]]", "", "test/mcc",
            "analysis.primary is test/mcc, but stages 'a', 'b' report no mcc on 'test' ('a' reports accuracy, macro_f1; 'b' reports accuracy, macro_f1)"
        },
        {
            "  primary: validation/accuracy\n  comparisons: [[a, b]]", "", "validation/accuracy",
            "analysis.primary is validation/accuracy, but stages 'a', 'b' evaluate no 'validation' split ('a' evaluates dev, test; 'b' evaluates dev, test)"
        },
        {
            "  primary: test/accuracy\n  comparisons: [[a, b]]", "    eval: { splits: [dev] }", "test/accuracy",
            "analysis.primary is test/accuracy, but stage 'b' evaluates no 'test' split ('b' evaluates dev)"
        },
        {
            "  primary: test/accuracy\n  comparisons: [[a, b], [b, a]]", "", "[b, a]",
            "analysis.comparisons: [b, a] is [a, b] the other way round; one comparison listed twice would be counted twice by Holm's correction: keep one"
        },
        {
            "  primary: test/accuracy\n  comparisons: [[a, nope]]", "", "[a, nope]",
            "analysis.comparisons: no stage 'nope' (stages: a, b)"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AnAnalysisThatCannotBeComputedIsRefusedByDescribeAndRunAtItsLine(string analysis, string bEval, string at, string message)
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("arms.yaml", Recipe(analysis, bEval));

        foreach (var command in new[] { new[] { "describe", recipe }, ["run", recipe, "--out", "runs"] })
        {
            var result = Cli.Run(temp.Path, command);
            Refusal.AssertBeforeWriting(temp, result, $"{At(recipe, at)}: {message}");
        }
    }

    [Fact]
    public void AnAnalysisTheStagesReportIsAccepted()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("arms.yaml", Recipe("  primary: dev/macro_f1\n  comparisons: [[a, b]]"));

        var result = Cli.Run(temp.Path, "describe", recipe);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("primary: dev/macro_f1", result.Stdout);
    }
}
