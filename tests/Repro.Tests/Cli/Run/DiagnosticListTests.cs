using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>Planning reports every problem of a recipe at once, whichever check family finds it, each at its line.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class DiagnosticListTests
{
    /// <summary>Four mistakes in four families: a freeze prefix (models), an evaluation split (tasks), a task whose data is missing (task loading), the analysis' metric (analysis).</summary>
    private const string Recipe = """
        name: many
        version: 1.0.0
        seed: 7
        threads: 1
        tokenizer: { max_length: 24 }
        model:
          plugin: bert-encoder
          params: { hidden_size: 16, layers: 1, heads: 2, ffn_size: 32, dropout: 0.1 }
        stages:
          pretrain:
            kind: pretrain
            task: { plugin: synthetic-corpus, params: { train_size: 400, dev_size: 50 } }
            steps: 2
            batch_size: 16
          target:
            kind: finetune
            from: pretrain
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 10, test_size: 10 } }
            freeze: [nothing]
            steps: 2
            batch_size: 8
          other:
            kind: finetune
            from: pretrain
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 10, test_size: 10 } }
            eval: { splits: [validation] }
            steps: 2
            batch_size: 8
          files:
            kind: finetune
            task: { plugin: file-classification, params: { train: missing.tsv } }
            steps: 2
            batch_size: 2
        analysis:
          primary: test/mcc
          comparisons: [[target, files]]
          min_effect: 0.01
        """;

    [Fact]
    public void ProblemsOfEveryPlanningFamilyAreReportedTogetherEachAtItsLine()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("many.yaml", Recipe);
        var lines = File.ReadAllLines(recipe);
        string At(string text) => System.Text.RegularExpressions.Regex.Escape($"{recipe}:{Array.FindIndex(lines, l => l.Contains(text, StringComparison.Ordinal)) + 1}:");

        foreach (var command in new[] { new[] { "describe", recipe }, ["run", recipe, "--out", "runs"] })
        {
            var result = Cli.Run(temp.Path, command);

            Refusal.AssertBeforeWriting(temp, result, "the recipe has 4 problems");
            Assert.Matches($@"{At("freeze: [nothing]")}\d+: stages\.target\.freeze: 'nothing' names no parameter", result.Stderr);
            Assert.Matches($@"{At("[validation]")}\d+: stages\.other\.eval\.splits: task 'synthetic-topic' has no split 'validation'", result.Stderr);
            Assert.Matches($@"{At("missing.tsv")}\d+: stages\.files\.task\.params\.train: train = 'missing\.tsv': no such file", result.Stderr);
            Assert.Matches($@"{At("test/mcc")}\d+: analysis\.primary is test/mcc, but stage 'target' reports no mcc", result.Stderr);
        }
    }

    [Fact]
    public void ATokenizerSourceThatDidNotLoadSkipsOnlyWhatNeedsTheTokenizer()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("many.yaml", Recipe.Replace("tokenizer: { max_length: 24 }", "tokenizer: { max_length: 24, vocabulary_from: files }"));

        var result = Cli.Run(temp.Path, "run", recipe, "--out", "runs");

        // The freeze check needs the tokenizer, which needs the files task: it is skipped; the others still report.
        Refusal.AssertBeforeWriting(temp, result, "the recipe has 3 problems");
        Assert.Contains("no such file", result.Stderr);
        Assert.Contains("has no split 'validation'", result.Stderr);
        Assert.Contains("reports no mcc", result.Stderr);
        Assert.DoesNotContain("freeze", result.Stderr);
    }
}
