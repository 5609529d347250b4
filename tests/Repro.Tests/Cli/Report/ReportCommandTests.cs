using System.Text.RegularExpressions;
using System.Xml.Linq;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>`repro report` through the real tool: a tiny real run, a hand-written group, and bad input.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class ReportCommandTests
{
    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void ReportOnATinyRunPlotsEveryStageWithValidImages()
    {
        using var temp = new TempDirectory();
        var recipe = temp.Write("tiny.yaml", TinyRecipes.TwoStage());
        var ran = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--set", "stages.target.eval.every=5");
        Assert.True(ran.ExitCode == 0, ran.ToString());
        var run = Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "runs", "tiny@1.0.0")));

        var result = Cli.Run(temp.Path, "report", run);

        Assert.True(result.ExitCode == 0, result.ToString());
        var folder = Path.Combine(run, "report");
        var md = File.ReadAllText(Path.Combine(folder, "report.md"));
        Assert.Contains("## Metrics", md); // the run's own summary is kept
        foreach (var stage in new[] { "pretrain", "target" }) Assert.Contains($"### Stage `{stage}`", md);
        var images = AssertLinkedImagesAreValid(folder, md);
        Assert.Contains("pretrain-loss.png", images);
        Assert.Contains("target-loss.png", images);
        Assert.Contains("target-eval-scores.png", images);

        // Same input, same bytes: fixed sizes, no timestamps.
        var again = Cli.Run(temp.Path, "report", run, "--out", "again");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(File.ReadAllBytes(Path.Combine(folder, "target-loss.png")), File.ReadAllBytes(Path.Combine(temp.Path, "again", "target-loss.png")));
        Assert.Equal(md, File.ReadAllText(Path.Combine(temp.Path, "again", "report.md")));
    }

    [Fact]
    public void ReportOnAGroupShowsBarsWithCiAndLossAcrossSeeds()
    {
        using var temp = new TempDirectory();
        var group = WriteGroup(temp);

        var result = Cli.Run(temp.Path, "report", Path.GetDirectoryName(group)!, "--out", "out");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("seed 3 was not found", result.Stderr);
        var folder = Path.Combine(temp.Path, "out");
        var md = File.ReadAllText(Path.Combine(folder, "report.md"));
        Assert.Contains("tiny@1.0.0: 3 seed(s)", md);
        Assert.Contains("| target | test | accuracy | 0.8000 ± 0.0100 | [0.7800, 0.8200] | 1: 0.8100, 2: 0.7900, 3: 0.8000 |", md);
        Assert.Contains("| scratch | test | accuracy | 0.5000 ± – | – |", md);
        // Recipe order, not the order of the step logs; masked-LM accuracy is tabled but not charted beside task accuracy.
        Assert.True(md.IndexOf("| pretrain | test |", StringComparison.Ordinal) < md.IndexOf("| scratch | test |", StringComparison.Ordinal)
                    && md.IndexOf("| scratch | test |", StringComparison.Ordinal) < md.IndexOf("| target | test |", StringComparison.Ordinal), md);
        Assert.Contains("test accuracy per stage (scratch, target): bar = mean over 3 seed(s)", md);
        var images = AssertLinkedImagesAreValid(folder, md);
        Assert.Contains("bars-test-accuracy.png", images);
        Assert.DoesNotContain("bars-dev-accuracy.png", images); // bars are for test metrics when there are any
        Assert.Contains("loss-target.png", images);
        Assert.Contains("loss-scratch.png", images);
        Assert.True(Cli.Run(temp.Path, "report", group).ExitCode == 0); // group.json itself, default folder
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(group)!, "report", "report.md")));
    }

    [Fact]
    public void UnknownOrMalformedInputIsBadInput()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "empty"));
        var notJson = temp.Write("broken.json", "{ \"runs\": ");
        var noSeeds = temp.Write("noseeds.json", """{ "format": 1, "recipe": "r@1", "recipe_path": "r.yaml", "runs": {}, "metrics": {} }""");
        var nullRun = temp.Write("nullrun.json", """{ "format": 1, "recipe": "r@1", "recipe_path": "r.yaml", "seeds": [1], "runs": { "1": null }, "metrics": {} }""");
        var group = WriteGroup(temp);
        File.AppendAllText(Path.Combine(temp.Path, "runs", "b", "steps.jsonl"), "not json\n");

        AssertBadInput(Cli.Run(temp.Path, "report", "nowhere"), "nowhere: no such file or folder");
        AssertBadInput(Cli.Run(temp.Path, "report", "empty"), "neither a run directory");
        AssertBadInput(Cli.Run(temp.Path, "report", notJson), "broken.json: not valid JSON");
        AssertBadInput(Cli.Run(temp.Path, "report", noSeeds), "noseeds.json is not a valid group file");
        AssertBadInput(Cli.Run(temp.Path, "report", noSeeds), "'seeds'");
        AssertBadInput(Cli.Run(temp.Path, "report", nullRun), "nullrun.json is not a valid group file: 'runs.1' is null");
        AssertBadInput(Cli.Run(temp.Path, "report", group), "steps.jsonl:10: not a step record");
        AssertBadInput(Cli.Run(temp.Path, "report", recipeLike(temp)), "not a group file");

        static string recipeLike(TempDirectory t) => t.Write("recipe.yaml", "name: x\n");
    }

    private static void AssertBadInput(CliResult result, string message)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr);
    }

    /// <summary>Every image the Markdown links exists; PNGs have the signature and real content, SVGs are XML.</summary>
    private static List<string> AssertLinkedImagesAreValid(string folder, string md)
    {
        var links = Regex.Matches(md, @"\]\(([^)]+\.(?:png|svg))\)").Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.NotEmpty(links);
        foreach (var link in links)
        {
            var file = Path.Combine(folder, link);
            Assert.True(File.Exists(file), $"{link} is linked but missing");
            if (link.EndsWith(".png"))
            {
                var bytes = File.ReadAllBytes(file);
                Assert.Equal(PngSignature, bytes[..8]);
                Assert.True(bytes.Length > 5_000, $"{link}: only {bytes.Length} bytes");
            }
            else Assert.Equal("svg", XDocument.Load(file).Root!.Name.LocalName);
        }
        return links;
    }

    /// <summary>A group.json in its own folder, two run directories with step logs, and a third seed whose run is missing.</summary>
    private static string WriteGroup(TempDirectory temp)
    {
        foreach (var (name, shift) in new[] { ("a", 0.0), ("b", 0.2) })
        {
            Directory.CreateDirectory(Path.Combine(temp.Path, "runs", name));
            var lines = new List<string>();
            foreach (var stage in new[] { "target", "scratch" })
                for (var step = 5; step <= 20; step += 5)
                    lines.Add($$"""{"stage":"{{stage}}","step":{{step}},"total_steps":20,"loss":{{2.0 - step * 0.05 + shift}},"lr":0.001,"examples_per_second":100,"elapsed_seconds":1,"kind":"train"}""");
            lines.Insert(1, """{"stage":"target","step":5,"split":"dev","metrics":{"accuracy":0.6},"kind":"eval"}""");
            File.WriteAllLines(Path.Combine(temp.Path, "runs", name, "steps.jsonl"), lines);
        }
        // The resolved recipe names the stage order (scratch before target) and kinds; the pretraining was cached, so it logged no steps.
        temp.Write(Path.Combine("runs", "a", "recipe.yaml"), """
            name: tiny
            stages:
              pretrain: { kind: pretrain }
              scratch: { kind: finetune }
              target: { kind: finetune, from: pretrain }
            """);
        Directory.CreateDirectory(Path.Combine(temp.Path, "runs", "group-1"));
        return temp.Write(Path.Combine("runs", "group-1", "group.json"), """
            { "format": 1, "recipe": "tiny@1.0.0", "recipe_path": "/x/tiny.yaml", "seeds": [1, 2, 3],
              "runs": { "1": "../a", "2": "../b", "3": "../c" },
              "metrics": {
                "pretrain/test/accuracy": { "seeds": { "1": 0.1, "2": 0.1, "3": 0.1 }, "mean": 0.1, "std": 0, "ci95": [0.1, 0.1] },
                "scratch/test/accuracy": { "seeds": { "1": 0.5 }, "mean": 0.5, "std": 0, "ci95": null },
                "target/dev/accuracy": { "seeds": { "1": 0.7, "2": 0.72, "3": 0.71 }, "mean": 0.71, "std": 0.01, "ci95": [0.69, 0.73] },
                "target/test/accuracy": { "seeds": { "1": 0.81, "2": 0.79, "3": 0.8 }, "mean": 0.8, "std": 0.01, "ci95": [0.78, 0.82] } } }
            """);
    }
}
