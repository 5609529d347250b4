using System.Security.Cryptography;
using System.Text;
using Repro.Engine.Runs;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// Tokenizers <c>gpt2</c>, <c>wordpiece</c> and <c>bpe</c>: a library model (Microsoft.ML.Tokenizers, or Repro's own
/// BERT WordPiece) whose ids go through an <see cref="IdMapping"/>. The hash covers the type, the implementation and its version, lower-casing, the files'
/// SHA-256 and the full mapping, so two runs with the same hash give every text the same ids.
/// </summary>
internal sealed class LibraryTokenizer : TextTokenizer
{
    private readonly LibraryModel _model;
    private readonly IdMapping _mapping;
    private readonly bool _lowercase;
    private readonly int? _minCount;

    /// <summary>
    /// Wraps a loaded model; <paramref name="minCount"/> is given when the mapping was pruned. A <paramref name="framing"/>
    /// other than BERT's is hashed (BERT's is not, so the hashes of tokenizers made before framings existed stay the same).
    /// </summary>
    public LibraryTokenizer(LibraryModel model, IdMapping mapping, int maxLength, bool lowercase, int? minCount, TokenFraming? framing = null) : base(maxLength)
    {
        (_model, _mapping, _lowercase, _minCount) = (model, mapping, lowercase, minCount);
        Framing = framing ?? TokenFraming.Bert;
        var text = new StringBuilder()
            .Append("type ").Append(model.Type).Append('\n')
            .Append("library ").Append(model.Implementation).Append('\n')
            .Append("lowercase ").Append(lowercase ? "true" : "false").Append('\n');
        if (Framing != TokenFraming.Bert) text.Append("framing ").Append(Framing.Name).Append('\n');
        foreach (var file in model.Files) text.Append("file ").Append(file.Sha256).Append('\n');
        text.Append(mapping.Canonical());
        Hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>The library ids → model ids mapping.</summary>
    internal IdMapping Mapping => _mapping;

    /// <inheritdoc/>
    public override int VocabularySize => _mapping.Size;

    /// <inheritdoc/>
    public override string Hash { get; }

    /// <inheritdoc/>
    public override TokenFraming Framing { get; }

    /// <summary>The token of each model id: a special role is the library's own token for it when it has one (RoBERTa's <c>&lt;s&gt;</c>), else its <see cref="Vocabulary.Specials"/> name.</summary>
    public override IReadOnlyList<string> Tokens => _tokens ??= [.. RoleTokens(), .. _mapping.Kept.Select(_model.TokenOf)];
    private IReadOnlyList<string>? _tokens;

    /// <inheritdoc/>
    public override List<int> Pieces(string text)
    {
        var ids = _model.Encode(text);
        var pieces = new List<int>(ids.Count);
        foreach (var id in ids) pieces.Add(_mapping.Map(id));
        return pieces;
    }

    /// <inheritdoc/>
    public override ManifestTokenizer Describe() =>
        new(_model.Type, VocabularySize, Hash, MaxLength, _model.Implementation, _model.Files, Pruned: _minCount is not null, _lowercase, _minCount,
            Framing == TokenFraming.Bert ? null : Framing.Name);

    private string[] RoleTokens()
    {
        var roles = Vocabulary.Specials.ToArray();
        foreach (var (library, role) in _mapping.Specials) roles[role] = _model.TokenOf(library);
        return roles;
    }
}
