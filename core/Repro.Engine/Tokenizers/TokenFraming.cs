namespace Repro.Engine.Tokenizers;

/// <summary>
/// How a model family frames one text or a pair with its special tokens, and which of the library's tokens plays each
/// special role (model ids 0..4, <see cref="Vocabulary.Specials"/>: pad, unknown, start, separator/end, mask). Chosen when
/// the tokenizer is built; a framing other than <see cref="Bert"/> is hashed with the tokenizer and recorded in the manifest.
/// A pair is <c>head a tail between b tail</c>:
/// <list type="bullet">
/// <item><c>bert</c>: <c>[CLS] a [SEP]</c> / <c>[CLS] a [SEP] b [SEP]</c>, segments 0 then 1 (BertTokenizer).</item>
/// <item><c>roberta</c>: <c>&lt;s&gt; a &lt;/s&gt;</c> / <c>&lt;s&gt; a &lt;/s&gt;&lt;/s&gt; b &lt;/s&gt;</c>, segments all 0 (RobertaTokenizer).</item>
/// <item><c>gpt2</c>: <c>a</c> / <c>a &lt;|endoftext|&gt; b</c>, segments all 0. No start token, as GPT2Tokenizer
/// (<c>add_bos_token=False</c>); Hugging Face joins a pair with nothing between, Repro puts <c>&lt;|endoftext|&gt;</c> between
/// so the two texts stay apart.</item>
/// <item><c>llama</c>: <c>&lt;s&gt; a</c> / <c>&lt;s&gt; a &lt;s&gt; b</c>, segments all 0: LlamaTokenizer's defaults
/// (<c>add_bos_token=True</c>, <c>add_eos_token=False</c>, the start token repeated before the second text).</item>
/// </list>
/// </summary>
public sealed class TokenFraming
{
    private readonly int[] _head, _tail, _between;

    private TokenFraming(string name, string?[] roleTokens, int[] head, int[] tail, int[] between, bool pairSegments)
    {
        (Name, RoleTokens, _head, _tail, _between, PairSegments) = (name, roleTokens, head, tail, between, pairSegments);
    }

    /// <summary>BERT's framing, the default.</summary>
    public static readonly TokenFraming Bert = new("bert", Vocabulary.Specials, [Vocabulary.Cls], [Vocabulary.Sep], [], pairSegments: true);

    /// <summary>RoBERTa's framing.</summary>
    public static readonly TokenFraming Roberta = new("roberta", ["<pad>", "<unk>", "<s>", "</s>", "<mask>"],
        [Vocabulary.Cls], [Vocabulary.Sep], [Vocabulary.Sep], pairSegments: false);

    /// <summary>GPT-2's framing: <c>&lt;|endoftext|&gt;</c> is the separator role; pad, unknown, start and mask have no library token.</summary>
    public static readonly TokenFraming Gpt2 = new("gpt2", [null, null, null, "<|endoftext|>", null], [], [], [Vocabulary.Sep], pairSegments: false);

    /// <summary>LLaMA's framing: <c>&lt;unk&gt; &lt;s&gt; &lt;/s&gt;</c> are the unknown, start and end roles; pad and mask have no library token.</summary>
    public static readonly TokenFraming Llama = new("llama", [null, "<unk>", "<s>", "</s>", null], [Vocabulary.Cls], [], [Vocabulary.Cls], pairSegments: false);

    /// <summary>Every framing, by name.</summary>
    public static IReadOnlyList<TokenFraming> All { get; } = [Bert, Roberta, Gpt2, Llama];

    /// <summary><c>bert</c>, <c>roberta</c>, <c>gpt2</c> or <c>llama</c>: recorded and hashed.</summary>
    public string Name { get; }

    /// <summary>The library's token for each special role (index = model id 0..4), or null where the family has none.</summary>
    public IReadOnlyList<string?> RoleTokens { get; }

    /// <summary>Whether the second text of a pair gets segment 1 (token types); otherwise every segment is 0.</summary>
    public bool PairSegments { get; }

    /// <summary>How many special tokens frame one text (<paramref name="pair"/> false) or a pair.</summary>
    public int Specials(bool pair) => pair ? _head.Length + 2 * _tail.Length + _between.Length : _head.Length + _tail.Length;

    /// <summary>The framed ids of <paramref name="a"/> and optional <paramref name="b"/> (already truncated), with their segments.</summary>
    public (long[] Ids, long[] Segments) Frame(IReadOnlyList<int> a, IReadOnlyList<int>? b)
    {
        var ids = new List<long>(a.Count + (b?.Count ?? 0) + Specials(b is not null));
        ids.AddRange(_head.Select(x => (long)x));
        ids.AddRange(a.Select(x => (long)x));
        ids.AddRange(_tail.Select(x => (long)x));
        var firstLength = ids.Count;
        if (b is not null)
        {
            ids.AddRange(_between.Select(x => (long)x));
            ids.AddRange(b.Select(x => (long)x));
            ids.AddRange(_tail.Select(x => (long)x));
        }
        var segments = new long[ids.Count];
        if (PairSegments) for (var i = firstLength; i < segments.Length; i++) segments[i] = 1;
        return ([.. ids], segments);
    }

    /// <summary>The framing named <paramref name="name"/>, or null.</summary>
    public static TokenFraming? Named(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
