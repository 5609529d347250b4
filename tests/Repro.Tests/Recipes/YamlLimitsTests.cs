using Repro.Engine.Recipes;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>Deep nesting, alias bombs, self-referencing and undefined aliases and unclosed flow collections: refused with a position, in files and --set values.</summary>
[Trait("Category", "Unit")]
public sealed class YamlLimitsTests
{
    private static Diagnostic Refused(string text, params string[] overrides)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("r.yaml", text);
        var e = Assert.Throws<RecipeException>(() => RecipeDocument.Load(path, overrides));
        return Assert.Single(e.Diagnostics);
    }

    private static string Bomb(int levels) =>
        "[" + string.Join(", ", Enumerable.Range(0, levels).Select(i => i == 0 ? "&a0 [x, x, x, x, x, x, x, x, x, x]" : $"&a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 10))}]")) + "]";

    [Fact]
    public void DeepNestingIsRefusedWithoutOverflowingTheStack()
    {
        var flow = Refused("name: x\nstages: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        Assert.Equal("nesting deeper than 64 levels; a recipe is a few levels deep", flow.Message);
        Assert.EndsWith("r.yaml:2:72", flow.Location);
        var block = Refused("name: x\n" + string.Concat(Enumerable.Range(0, 5_000).Select(i => new string(' ', i % 100) + $"k{i}:\n")));
        Assert.Contains("nesting deeper than 64 levels", block.Message);
        var mappings = Refused("name: x\nstages: " + string.Concat(Enumerable.Repeat("{a: ", 20_000)) + "1" + new string('}', 20_000) + "\n");
        Assert.Contains("nesting deeper than 64 levels", mappings.Message);
    }

    [Fact]
    public void AliasBombsAreRefusedInFilesAndOverrides()
    {
        var file = Refused($"name: x\nbomb: {Bomb(8)}\n");
        Assert.Equal("the aliases expand the document to more than 100,000 nodes", file.Message);
        Assert.Matches(@"r\.yaml:2:\d+$", file.Location);

        var set = Refused("name: x\n", $"description={Bomb(12)}");
        Assert.StartsWith("--set description=[&a0 [x, x", set.Location);
        Assert.True(set.Location.Length < 100, set.Location);
        Assert.Contains("the aliases expand the document to more than 100,000 nodes", set.Message);
    }

    [Theory]
    [InlineData("name: x\nstages:\n  a: &s { kind: finetune, x: *s }\n", "the alias *s refers to the node that contains it", "r.yaml:3:30")]
    [InlineData("name: x\nstages:\n  a: *nope\n", "the alias *nope has no anchor &nope before it", "r.yaml:3:6")]
    [InlineData("name: x\ntokenizer:\n  type: words\n{  max_length: 48\nmodel: m\n", "does not parse; is a '{', '[' or quote left open?", "r.yaml:")]
    public void BrokenAliasesAndUnclosedCollectionsArePlaced(string text, string message, string location)
    {
        var problem = Refused(text);
        Assert.Contains(message, problem.Message);
        Assert.Contains(location, problem.Location);
    }

    [Fact]
    public void TheShippedRecipesAreWithinTheLimits()
    {
        foreach (var recipe in Directory.GetFiles(Path.Combine(Paths.Root, "recipes"), "*.yaml"))
            Assert.Null(YamlLimits.Check(File.ReadAllText(recipe)));
    }
}
