using Repro.Engine.Recipes;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// A text task trains with its model's objective: masked LM for bert-encoder, next-token prediction for causal-decoder; the
/// resolved recipe names a causal one, and an objective the model cannot train is refused where the recipe asks for it.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class LanguageModelObjectiveTests
{
    private const string Decoder = """
        model:
          plugin: causal-decoder
          params: { layout: llama, hidden_size: 16, layers: 1, heads: 2, ffn_size: 32 }
        """;

    private static string Recipe(string model, string pretrainExtra = "") => $"""
        name: objective
        version: 1.0.0
        seed: 7
        threads: 1
        tokenizer: {"{"} max_length: 24 {"}"}
        {model}
        stages:
          pretrain:
            kind: pretrain
            task: {"{"} plugin: synthetic-corpus, params: {"{"} train_size: 40, dev_size: 10 {"}"} {"}"}
            steps: 2
        {pretrainExtra}
        """;

    [Fact]
    public void ADecoderPretrainsWithTheCausalObjectiveAndTheResolvedRecipeSaysSo()
    {
        using var temp = new TempDirectory();
        var (recipe, _) = RecipeLoader.Load(temp.Write("r.yaml", Recipe(Decoder)), [], [Paths.BuiltInPlugins]);
        var resolved = ResolvedRecipeWriter.Write(recipe, 7);
        Assert.Contains("objective: causallm", resolved);
        Assert.DoesNotContain("mask_probability", resolved);
        Assert.Equal(Repro.Contracts.TargetKind.CausalLm, recipe.ObjectiveOf(recipe.Stages[0]));

        var (again, _) = RecipeLoader.Load(temp.Write("resolved.yaml", resolved), [], [Paths.BuiltInPlugins]);
        Assert.Equal(resolved, ResolvedRecipeWriter.Write(again, 7));
    }

    [Fact]
    public void AnEncoderKeepsTheMaskedObjectiveAndItsResolvedRecipeIsUnchanged()
    {
        using var temp = new TempDirectory();
        var (recipe, _) = RecipeLoader.Load(temp.Write("r.yaml", Recipe(TinyRecipes.Model)), [], [Paths.BuiltInPlugins]);
        var resolved = ResolvedRecipeWriter.Write(recipe, 7);
        Assert.Contains("mask_probability: 0.15", resolved);
        Assert.DoesNotContain("objective: ", resolved);
    }

    [Theory]
    [InlineData(Decoder, "    mask_probability: 0.2", "stages.pretrain trains a maskedlm objective (mask_probability is a masked-LM setting), but model 'causal-decoder' learns text as causallm")]
    [InlineData(Decoder, "    objective: maskedlm", "stages.pretrain trains a maskedlm objective, but model 'causal-decoder' learns text as causallm")]
    [InlineData(TinyRecipes.Model, "    objective: causallm", "stages.pretrain trains a causallm objective, but model 'bert-encoder' learns text as maskedlm")]
    [InlineData(Decoder, "    objective: causal", "objective")]
    public void AnObjectiveTheModelCannotTrainIsRefusedAtTheField(string model, string extra, string message)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("r.yaml", Recipe(model, extra));
        var error = Assert.Throws<RecipeException>(() => RecipeLoader.Load(path, [], [Paths.BuiltInPlugins]));
        var problem = Assert.Single(error.Diagnostics);
        Assert.Contains(message, problem.Message);
        Assert.StartsWith($"{path}:14:", problem.Location);
    }
}
