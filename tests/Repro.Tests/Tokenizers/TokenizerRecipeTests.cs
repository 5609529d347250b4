using Repro.Engine.Recipes;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>The tokenizer block of a recipe: types, files relative to the recipe, problems with file:line.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class TokenizerRecipeTests
{
    private static string Recipe(string tokenizer) => $"""
        name: tok
        version: 1.0.0
        {tokenizer}
        {TinyRecipes.Model}
        stages:
        {TinyRecipes.Pretrain}
        """;

    private static List<string> Problems(string path) =>
        Assert.Throws<RecipeException>(() => RecipeLoader.Load(path, [], [Paths.BuiltInPlugins])).Diagnostics.Select(d => d.ToString()).ToList();

    [Fact]
    public void AnUnknownTypeIsNamedWithItsPosition()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("r.yaml", Recipe("tokenizer: { type: gtp2 }"));

        var problem = Assert.Single(Problems(path));

        Assert.StartsWith($"{path}:3:20:", problem);
        Assert.Contains("tokenizer.type must be one of words, gpt2, wordpiece, bpe, not 'gtp2'; did you mean 'gpt2'?", problem);
    }

    [Fact]
    public void AVocabularyWithoutTheSpecialTokensIsRefusedAtItsFieldBeforeAnythingIsWritten()
    {
        using var temp = new TempDirectory();
        temp.Write("vocab.txt", "[PAD]\nthe\n");
        var path = temp.Write("r.yaml", Recipe("""
            tokenizer:
              type: wordpiece
              vocab: vocab.txt
            """));

        var result = Cli.Run(temp.Path, "run", path, "--out", "runs");

        Refusal.AssertBeforeWriting(temp, result, $"{path}:5:10: tokenizer.vocab: {Path.Combine(temp.Path, "vocab.txt")} lacks [UNK] [CLS] [SEP] [MASK]");
    }

    [Fact]
    public void AMissingVocabularyFileNamesFileLineAndPath()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("r.yaml", Recipe("""
            tokenizer:
              type: bpe
              vocab: tok/vocab.json
              merges: tok/merges.txt
            """));

        var problems = Problems(path);

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.StartsWith($"{path}:5:10:") && p.Contains($"tokenizer.vocab: no such file: {Path.Combine(temp.Path, "tok", "vocab.json")}"));
        Assert.Contains(problems, p => p.StartsWith($"{path}:6:11:") && p.Contains("tokenizer.merges: no such file"));
    }

    [Fact]
    public void FieldsThatDoNotFitTheTypeAreProblems()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("r.yaml", Recipe("""
            tokenizer:
              type: wordpiece
              merges: merges.txt
              min_count: 2
            """));

        var problems = Problems(path);

        Assert.Contains(problems, p => p.Contains("tokenizer type wordpiece needs 'vocab'"));
        Assert.Contains(problems, p => p.StartsWith($"{path}:5:") && p.Contains("tokenizer.merges is not used by type wordpiece"));
        Assert.Contains(problems, p => p.StartsWith($"{path}:6:") && p.Contains("tokenizer.min_count needs prune: true"));
    }

    [Fact]
    public void FilesResolveAgainstTheRecipeAndTheResolvedRecipeCarriesThem()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(temp.Path, "tok"));
        temp.Write("tok/vocab.txt", TinyTokenizerFiles.WordPieceVocab);
        var path = temp.Write("r.yaml", Recipe("tokenizer: { type: wordpiece, vocab: tok/vocab.txt, prune: true, min_count: 2 }"));

        var (recipe, _) = RecipeLoader.Load(path, [], [Paths.BuiltInPlugins]);

        Assert.Equal(Path.Combine(temp.Path, "tok", "vocab.txt"), recipe.Tokenizer.Vocab);
        Assert.True(recipe.Tokenizer.Prune);
        Assert.True(recipe.Tokenizer.Lowercase);
        var resolved = ResolvedRecipeWriter.Write(recipe, 1);
        Assert.Contains($"vocab: {Path.Combine(temp.Path, "tok", "vocab.txt")}", resolved);
        Assert.Contains("prune: true", resolved);
        Assert.Contains("min_count: 2", resolved);
    }

    [Fact]
    public void Gpt2DefaultsToCasedText()
    {
        using var temp = new TempDirectory();
        var path = temp.Write("r.yaml", Recipe("tokenizer: { type: gpt2 }"));

        var (recipe, _) = RecipeLoader.Load(path, [], [Paths.BuiltInPlugins]);

        Assert.False(recipe.Tokenizer.Lowercase);
        Assert.False(recipe.Tokenizer.Prune);
    }
}
