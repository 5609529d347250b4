namespace Repro.Engine.Tagging;

/// <summary>One entity: its type and its first and last word (inclusive).</summary>
/// <param name="Type">The tag's type, <c>PER</c> of <c>B-PER</c> (<c>_</c> for a bare <c>B</c>).</param>
/// <param name="First">Index of its first word.</param>
/// <param name="Last">Index of its last word.</param>
public readonly record struct EntityChunk(string Type, int First, int Last);

/// <summary>
/// The entities of a tag sequence under the chunking rules of CoNLL-2000's <c>conlleval</c>, which seqeval's default mode
/// follows (<c>seqeval.metrics.sequence_labeling.get_entities</c>): a chunk starts at a <c>B-</c> tag, at an <c>I-</c> tag after
/// <c>O</c> (so an <c>I-</c> without its <c>B-</c> still starts one), and wherever the type changes; it ends before a <c>B-</c>,
/// before <c>O</c> and before a change of type. <c>E-</c> and <c>S-</c> (IOBES) are read as conlleval reads them. Tags are
/// <c>O</c> or a prefix letter, a hyphen and the type.
/// </summary>
public static class EntityChunks
{
    /// <summary>The chunks of one sentence's tags, in order.</summary>
    public static List<EntityChunk> Of(IReadOnlyList<string> tags)
    {
        var chunks = new List<EntityChunk>();
        var (previousTag, previousType, begin) = ('O', "", 0);
        for (var i = 0; i <= tags.Count; i++)
        {
            var chunk = i < tags.Count ? tags[i] : "O"; // a final O closes the last chunk
            var tag = chunk.Length == 0 ? 'O' : chunk[0];
            var type = TypeOf(chunk);
            if (EndsChunk(previousTag, tag, previousType, type)) chunks.Add(new EntityChunk(previousType, begin, i - 1));
            if (StartsChunk(previousTag, tag, previousType, type)) begin = i;
            (previousTag, previousType) = (tag, type);
        }
        return chunks;
    }

    /// <summary>True when every tag is <c>O</c> or a <c>B-</c>, <c>I-</c>, <c>E-</c> or <c>S-</c> tag with a type, so spans can be read.</summary>
    public static bool IsChunkTagset(IEnumerable<string> labels) =>
        labels.All(l => l == "O" || (l.Length > 2 && "BIES".Contains(l[0]) && l[1] == '-'));

    // seqeval: type_ = chunk[1:].split('-', maxsplit=1)[-1] or '_'
    private static string TypeOf(string chunk)
    {
        if (chunk.Length <= 1) return "_";
        var rest = chunk[1..];
        var hyphen = rest.IndexOf('-');
        var type = hyphen < 0 ? rest : rest[(hyphen + 1)..];
        return type.Length == 0 ? "_" : type;
    }

    private static bool EndsChunk(char previousTag, char tag, string previousType, string type) =>
        previousTag is 'E' or 'S'
        || (previousTag is 'B' or 'I' && tag is 'B' or 'S' or 'O')
        || (previousTag is not ('O' or '.') && previousType != type);

    private static bool StartsChunk(char previousTag, char tag, string previousType, string type) =>
        tag is 'B' or 'S'
        || (previousTag is 'E' or 'S' or 'O' && tag is 'E' or 'I')
        || (tag is not ('O' or '.') && previousType != type);
}
