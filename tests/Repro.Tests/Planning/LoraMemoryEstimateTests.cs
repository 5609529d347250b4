using Repro.Engine.Planning;
using Repro.Engine.Recipes;
using Repro.Engine.Tokenizers;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// The memory estimate of a <c>lora:</c> stage: one copy of its frozen body in the first pass, and its adapters' weights,
/// gradients and optimizer moments (4 fp32 copies with AdamW) once their count is known.
/// </summary>
[Trait("Category", "Unit")]
public sealed class LoraMemoryEstimateTests
{
    private static (Recipe, TextTokenizer) Load(TempDirectory temp)
    {
        var path = temp.Write("r.yaml", TinyRecipes.TwoStage().Replace("    from: pretrain\n", "    from: pretrain\n    lora: { rank: 2, targets: [layers.*.attention] }\n"));
        var (recipe, _) = RecipeLoader.Load(path, [], [Paths.BuiltInPlugins]);
        return (recipe, TokenizerBuilder.Build(recipe.Tokenizer, ["a b c d"]));
    }

    [Fact]
    public void TheFirstPassCountsTheFrozenBodyOnce()
    {
        using var temp = new TempDirectory();
        var (recipe, tokenizer) = Load(temp);
        var messages = MemoryEstimate.Check(recipe, tokenizer, available: 1).Select(d => d.ToString()).ToList();
        Assert.Contains(messages, m => m.Contains("stage 'target'") && m.Contains("its frozen weights in fp32 take at least"));
        Assert.Contains(messages, m => m.Contains("stage 'pretrain'") && m.Contains("weights, gradients and AdamW's two moments"));
    }

    [Fact]
    public void TheSecondPassAddsFourCopiesOfTheAdaptersToTheFrozenBody()
    {
        using var temp = new TempDirectory();
        var (recipe, tokenizer) = Load(temp);
        const long gib = 1L << 30;
        // 100 M adapter parameters × 4 bytes × 4 copies = 1.49 GiB on top of a body of under 1 MiB.
        var refused = Assert.Single(MemoryEstimate.Check(recipe, tokenizer, gib, new Dictionary<string, long> { ["target"] = 100_000_000 }));
        Assert.Contains("its frozen weights and its 100 M LoRA parameters' weights, gradients and AdamW's two moments in fp32 take at least 1.5 GiB", refused.ToString());
        Assert.Empty(MemoryEstimate.Check(recipe, tokenizer, 2 * gib, new Dictionary<string, long> { ["target"] = 100_000_000 }));
    }
}
