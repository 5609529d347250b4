using System.Diagnostics;
using System.Text.Json;

namespace Repro.Tests.Support;

/// <summary>
/// Hugging Face's BERT tokenizer (tests/hf-tokenizer/reference.js on npm tokenizers 0.23.2, installed by
/// install-data.sh): the ids BertTokenizerFast gives each sentence, without [CLS]/[SEP]. Fails (not skips)
/// when node or the reference is missing.
/// </summary>
internal static class HfReference
{
    private static readonly string Folder = Path.Combine(Paths.Root, "tests", "hf-tokenizer");

    /// <summary>Encodes <paramref name="sentences"/> with vocab.txt and the given settings; one id list per sentence.</summary>
    public static int[][] Encode(string vocab, IReadOnlyList<string> sentences, bool lowercase, bool? stripAccents = null, bool chineseChars = true)
    {
        Assert.True(File.Exists(Path.Combine(Folder, "node_modules", "tokenizers", "package.json")),
            $"{Folder}/node_modules/tokenizers is missing: run ./install-data.sh (it runs npm ci --prefix tests/hf-tokenizer)");
        var info = new ProcessStartInfo("node", [Path.Combine(Folder, "reference.js"), vocab, Flag(lowercase), stripAccents is { } s ? Flag(s) : "null", Flag(chineseChars)])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        Process process;
        try { process = Process.Start(info)!; }
        catch (System.ComponentModel.Win32Exception e) { throw new Xunit.Sdk.XunitException($"node is missing ({e.Message}): install Node.js (./install-data.sh does)"); }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(JsonSerializer.Serialize(sentences));
            process.StandardInput.Close();
            if (!process.WaitForExit(120_000))
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException("reference.js did not finish within 120 s");
            }
            Assert.True(process.ExitCode == 0, $"reference.js exited with {process.ExitCode}: {errors.Result}");
            var ids = JsonSerializer.Deserialize<int[][]>(output.Result)!;
            Assert.Equal(sentences.Count, ids.Length);
            return ids;
        }
    }

    private static string Flag(bool value) => value ? "true" : "false";

    /// <summary>The 3,000 UCI sentiment sentences (amazon, imdb, yelp; npm sentiment's test fixtures), or one source's.</summary>
    public static List<string> UciSentences(params string[] sources)
    {
        var roots = Repro.Plugins.Corpora.NodeModules.Roots().Append(Repro.Plugins.Corpora.NodeModules.GlobalRootFromNpm() ?? "");
        var fixtures = roots.Select(r => Path.Combine(r, "sentiment", "test", "fixtures")).FirstOrDefault(f => File.Exists(Path.Combine(f, "amazon.json")));
        Assert.True(fixtures is not null, "the npm package sentiment@5.0.2 is missing: run ./install-data.sh");
        return (sources.Length > 0 ? sources : ["amazon", "imdb", "yelp"])
            .SelectMany(s => JsonDocument.Parse(File.ReadAllText(Path.Combine(fixtures!, s + ".json"))).RootElement.EnumerateArray())
            .Select(e => e.GetProperty("text").GetString()!).ToList();
    }
}
