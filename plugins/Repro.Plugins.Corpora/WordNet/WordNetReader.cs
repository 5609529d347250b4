using System.Globalization;

namespace Repro.Plugins.Corpora.WordNet;

/// <summary>
/// Reads WordNet 3.0 data files (wndb(5WN)): <c>offset lex_filenum ss_type w_cnt word lex_id … p_cnt ptr… [frames] | gloss</c>.
/// Lines that start with two spaces are the licence header.
/// </summary>
internal static class WordNetReader
{
    /// <summary>noun → n, verb → v, adj → a, adv → r.</summary>
    public static readonly IReadOnlyDictionary<string, string> PartsOfSpeech =
        new Dictionary<string, string> { ["noun"] = "n", ["verb"] = "v", ["adj"] = "a", ["adv"] = "r" };

    /// <summary>The part-of-speech names, checked, in a fixed order (noun, verb, adj, adv).</summary>
    public static IReadOnlyList<string> Check(string parameter, IReadOnlyList<string> names)
    {
        if (names.Count == 0) throw new ArgumentException($"{parameter} must name at least one of noun, verb, adj, adv", parameter);
        var unknown = names.Where(n => !PartsOfSpeech.ContainsKey(n)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"{parameter}: unknown part(s) of speech {string.Join(", ", unknown)}; use noun, verb, adj, adv", parameter);
        return [.. PartsOfSpeech.Keys.Where(names.Contains)];
    }

    /// <summary>Every synset of <c>data.POS</c> in the folder, in file order.</summary>
    public static IEnumerable<Synset> Read(string folder, string partOfSpeech)
    {
        var path = Path.Combine(folder, "data." + partOfSpeech);
        if (!File.Exists(path)) throw new InvalidDataException($"{path} is missing; reinstall wordnet-base");
        var pos = PartsOfSpeech[partOfSpeech];
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.StartsWith("  ", StringComparison.Ordinal) || line.Length == 0) continue;
            yield return Parse(line, pos) ?? throw new InvalidDataException($"{path} line {number}: not a WordNet data line: {Shorten(line)}");
        }
    }

    /// <summary>
    /// <c>index.POS</c>: each lemma (lower case, words joined by <c>_</c>) → its synset ids in WordNet's sense order, the
    /// most frequent sense first (<c>lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...</c>).
    /// </summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Index(string folder, string partOfSpeech)
    {
        var path = Path.Combine(folder, "index." + partOfSpeech);
        if (!File.Exists(path)) throw new InvalidDataException($"{path} is missing; reinstall wordnet-base");
        var pos = PartsOfSpeech[partOfSpeech];
        var index = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.StartsWith("  ", StringComparison.Ordinal) || line.Length == 0) continue;
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 4 || !int.TryParse(f[2], CultureInfo.InvariantCulture, out var senses) || senses < 1 || f.Length < 4 + senses)
                throw new InvalidDataException($"{path} line {number}: not a WordNet index line: {Shorten(line)}");
            index[f[0]] = [.. f[^senses..].Select(offset => $"{pos}:{offset}")];
        }
        return index;
    }

    /// <summary>One data line; null when it does not follow the format.</summary>
    public static Synset? Parse(string line, string pos)
    {
        var bar = line.IndexOf(" | ", StringComparison.Ordinal);
        if (bar < 0) return null;
        var f = line[..bar].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (f.Length < 4 || !int.TryParse(f[1], CultureInfo.InvariantCulture, out var lexFile) || lexFile < 0 || lexFile >= LexNames.All.Count
            || !int.TryParse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var wordCount)) return null;
        var at = 4;
        var words = new List<string>(wordCount);
        for (var w = 0; w < wordCount; w++, at += 2)
        {
            if (at + 1 >= f.Length) return null;
            var word = f[at];
            var marker = word.IndexOf('(');
            words.Add(marker > 0 ? word[..marker] : word);
        }
        if (at >= f.Length || !int.TryParse(f[at], CultureInfo.InvariantCulture, out var pointerCount)) return null;
        at++;
        var pointers = new List<SynsetPointer>(pointerCount);
        for (var p = 0; p < pointerCount; p++, at += 4)
        {
            if (at + 3 >= f.Length) return null;
            var targetPos = f[at + 2] == "s" ? "a" : f[at + 2];
            pointers.Add(new SynsetPointer(f[at], $"{targetPos}:{f[at + 1]}"));
        }
        var (definition, examples) = SplitGloss(line[(bar + 3)..]);
        return new Synset($"{pos}:{f[0]}", pos, lexFile, words, pointers, definition, examples);
    }

    /// <summary>A gloss's definition and its quoted examples: <c>definition; "example"; "example"</c>.</summary>
    public static (string Definition, IReadOnlyList<string> Examples) SplitGloss(string gloss)
    {
        var definition = new List<string>();
        var examples = new List<string>();
        foreach (var part in gloss.Trim().Split("; ", StringSplitOptions.RemoveEmptyEntries))
        {
            var piece = part.Trim();
            if (piece.StartsWith('"')) examples.Add(piece.Trim('"', ' ', ';'));
            else if (examples.Count == 0) definition.Add(piece);
        }
        return (string.Join("; ", definition).Trim(), examples);
    }

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "…";
}
