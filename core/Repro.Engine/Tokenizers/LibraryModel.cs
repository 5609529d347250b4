using System.Reflection;
using Repro.Engine.Runs;

namespace Repro.Engine.Tokenizers;

/// <summary>
/// A Microsoft.ML.Tokenizers tokenizer loaded from its files: how it encodes text to its own ids,
/// every id it has, and which of them are our specials (a vocabulary's own [PAD], [UNK], ...).
/// </summary>
/// <param name="Type">The recipe's tokenizer type.</param>
/// <param name="Encode">Text to library ids (lower-casing applied when the recipe asks for it).</param>
/// <param name="Ids">Every library id, ascending.</param>
/// <param name="Specials">Library id → special model id (0..4).</param>
/// <param name="Files">The files that define it, with their SHA-256.</param>
/// <param name="TokenOf">The token string of a library id.</param>
internal sealed record LibraryModel(
    string Type,
    Func<string, IReadOnlyList<int>> Encode,
    IReadOnlyList<int> Ids,
    IReadOnlyDictionary<int, int> Specials,
    IReadOnlyList<ManifestFile> Files,
    Func<int, string> TokenOf,
    string? Library = null)
{
    /// <summary>What implements it, recorded and hashed: <see cref="LibraryName"/> unless the loader names another.</summary>
    public string Implementation => Library ?? LibraryName;

    /// <summary><c>Microsoft.ML.Tokenizers x.y.z</c>, recorded in the manifest and hashed into the mapping.</summary>
    public static string LibraryName { get; } = "Microsoft.ML.Tokenizers " +
        (typeof(Microsoft.ML.Tokenizers.Tokenizer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?");

    /// <summary>
    /// The library ids of the special roles, found by <paramref name="framing"/>'s token of each role (BERT's
    /// [PAD] [UNK] [CLS] [SEP] [MASK] by default) in a vocabulary (token → library id).
    /// </summary>
    public static Dictionary<int, int> SpecialsIn(IEnumerable<KeyValuePair<string, int>> vocabulary, TokenFraming? framing = null)
    {
        var roles = (framing ?? TokenFraming.Bert).RoleTokens;
        var specials = new Dictionary<int, int>();
        foreach (var (token, id) in vocabulary)
            for (var role = 0; role < roles.Count; role++)
                if (roles[role] == token) specials[id] = role;
        return specials;
    }
}
