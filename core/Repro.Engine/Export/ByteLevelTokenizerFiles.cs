using System.Text.Json.Nodes;
using Repro.Engine.Runs;
using Repro.Engine.Tokenizers;

namespace Repro.Engine.Export;

/// <summary>
/// The tokenizer files of an exported GPT-2 or RoBERTa folder, so that Hugging Face's GPT2Tokenizer or RobertaTokenizer
/// loads it: <c>vocab.json</c> (the run's tokens → their ids, the order of the embedding rows), the checkpoint's
/// <c>merges.txt</c> (or the merges of its <c>tokenizer.json</c>), <c>tokenizer_config.json</c> and <c>special_tokens_map.json</c>
/// naming each role's token.
/// </summary>
internal static class ByteLevelTokenizerFiles
{
    /// <summary>Writes the files into <paramref name="folder"/>; <paramref name="checkpoint"/> is the folder the run's tokenizer came from.</summary>
    public static void Write(string folder, IReadOnlyList<string> tokens, TokenFraming framing, string checkpoint, int maxLength)
    {
        var vocab = new JsonObject();
        for (var id = 0; id < tokens.Count; id++)
            if (!vocab.ContainsKey(tokens[id])) vocab[tokens[id]] = id;
        File.WriteAllText(Path.Combine(folder, "vocab.json"), vocab.ToJsonString() + "\n");
        var mergesPath = Path.Combine(checkpoint, "merges.txt");
        var merges = File.Exists(mergesPath) ? ByteLevelBpeLibrary.ReadMerges(mergesPath) : ByteLevelBpeLibrary.FromTokenizerJson(Path.Combine(checkpoint, "tokenizer.json")).Merges;
        File.WriteAllText(Path.Combine(folder, "merges.txt"), "#version: 0.2\n" + string.Concat(merges.Select(m => m + "\n")));

        var roles = new[] { "pad_token", "unk_token", "bos_token", "eos_token", "mask_token" };
        var specials = new JsonObject();
        for (var role = 0; role < roles.Length; role++) specials[roles[role]] = tokens[role];
        if (framing == TokenFraming.Roberta) (specials["cls_token"], specials["sep_token"]) = (tokens[Vocabulary.Cls], tokens[Vocabulary.Sep]);
        if (framing == TokenFraming.Gpt2) (specials["bos_token"], specials["unk_token"]) = (tokens[Vocabulary.Sep], tokens[Vocabulary.Sep]);
        var config = new JsonObject
        {
            ["tokenizer_class"] = framing == TokenFraming.Roberta ? "RobertaTokenizer" : "GPT2Tokenizer",
            ["add_prefix_space"] = false,
            ["model_max_length"] = maxLength,
        };
        foreach (var (k, v) in specials) config[k] = v!.DeepClone();
        File.WriteAllText(Path.Combine(folder, BertTokenizerConfig.FileName), config.ToJsonString(Json.Options) + "\n");
        File.WriteAllText(Path.Combine(folder, "special_tokens_map.json"), specials.ToJsonString(Json.Options) + "\n");
    }
}
