using Repro.Contracts;
using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using Repro.Engine.Tokenizers;
using static TorchSharp.torch;

namespace Repro.Engine.Export;

/// <summary>One continuation of a prompt by a causal-LM stage.</summary>
/// <param name="Text">The prompt.</param>
/// <param name="Ids">The prompt's model token ids ([CLS] included; the closing [SEP] left off, so the text continues).</param>
/// <param name="Generated">The ids generated after it, in order; it stops early after a generated [SEP].</param>
/// <param name="Tokens">The token of each generated id.</param>
public sealed record Generation(string Text, long[] Ids, long[] Generated, IReadOnlyList<string> Tokens);

/// <summary>
/// Continues texts with a finished causal-LM stage (a decoder's pretrain stage): greedy (temperature 0, the most likely next
/// token) or sampled from softmax(logits / temperature) with the engine's <see cref="Rng"/> seeded by <c>--seed</c>, anew for
/// each text, so a text's continuation depends only on the stage, the text, the temperature and the seed.
/// </summary>
public static class StageGenerator
{
    /// <summary>Continues each of <paramref name="texts"/> by up to <paramref name="count"/> tokens.</summary>
    public static IReadOnlyList<Generation> Generate(RunFiles run, Recipe recipe, string stageName, IReadOnlyList<string> texts, int count, double temperature, long seed)
    {
        if (count < 1) throw new ReproException($"--generate {count}: give the number of tokens to generate, at least 1");
        if (!(temperature >= 0) || double.IsInfinity(temperature)) throw new ReproException($"--temperature {temperature}: give 0 (greedy) or a positive number");
        var (stage, record) = FinishedStage.Of(run, recipe, stageName, "generate with");
        if (record.HeadTarget != TargetKind.CausalLm)
            throw new ReproException($"stage '{stageName}' has no causal-LM head (its head predicts {Models.TaskHead.Describe(new HeadSpec(record.HeadTarget, record.HeadOutputs))}); " +
                                     "--generate needs the pretrain stage of a causal decoder (causal-decoder)");
        var tokenizer = StagePredictor.Tokenizer(recipe, Json.Read<Manifest>(run.Manifest));
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var (body, head) = FinishedStage.Load(run, recipe, stage, record, tokenizer);
        using var disposeBody = body;
        using var disposeHead = head;
        return [.. texts.Select(text => Continue(body, head, tokenizer, text, count, temperature, seed))];
    }

    private static Generation Continue(Encoder body, Head head, TextTokenizer tokenizer, string text, int count, double temperature, long seed)
    {
        var prompt = tokenizer.Encode(new Example("prompt", text)).Ids;
        if (prompt.Length > 1 && prompt[^1] == Vocabulary.Sep) prompt = prompt[..^1];
        if (prompt.Length + count > tokenizer.MaxLength)
            throw new ReproException($"--generate {count}: the prompt '{TextExcerpt.Of(text)}' is {prompt.Length} tokens, and {prompt.Length} + {count} exceeds the run's max_length ({tokenizer.MaxLength})");
        var ids = prompt.ToList();
        var rng = new Rng(seed);
        for (var i = 0; i < count; i++)
        {
            using var step = NewDisposeScope();
            var tokens = tensor(ids.ToArray()).unsqueeze(0);
            var padding = zeros(1, ids.Count, ScalarType.Bool);
            var states = body.Encode(body.Embed(tokens, zeros_like(tokens)), padding);
            var logits = head.Predict(states[0, -1].unsqueeze(0), body.Pool(states, padding))[0].to(ScalarType.Float64);
            long next = temperature == 0
                ? logits.argmax().item<long>()
                : rng.Pick((logits / temperature).softmax(0).data<double>().ToArray());
            ids.Add(next);
            if (next == Vocabulary.Sep) break;
        }
        var generated = ids.Skip(prompt.Length).ToArray();
        return new Generation(text, prompt, generated, [.. generated.Select(id => tokenizer.Tokens[(int)id])]);
    }
}
