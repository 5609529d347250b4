using System.Text.Json;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// A token-level task through <c>repro run</c> and <c>repro predict</c> on a tiny encoder: a CoNLL file task tagged with
/// sub-word pieces (a WordPiece vocabulary that splits some names), a fine-tuned tagger and the majority-tag baseline,
/// whose metrics are recomputed here from the data the test wrote; and the plan-time refusals of token tasks.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class TokenTaskRunTests(FaultyPluginsBuild faulty) : IClassFixture<FaultyPluginsBuild>
{
    private static readonly string[] Vocabulary =
        ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "the", "went", "to", "met", "in", "smith", "ali", "##ce", "bob", "car", "##ol", "par", "##is", "rome", "jordan"];

    /// <summary>
    /// Deterministic sentences: "P went to C" or "P met bob in C", with P a name (B-PER, "smith" after it I-PER every fourth
    /// sentence) and C a city (B-LOC). "jordan" is a person in two of three of its uses and a city in the third.
    /// </summary>
    private static List<(string Word, string Tag)[]> Sentences(int count, int offset)
    {
        string[] names = ["alice", "bob", "carol"], cities = ["paris", "rome"];
        var sentences = new List<(string, string)[]>();
        for (var n = offset; n < offset + count; n++)
        {
            var person = new List<(string, string)> { (n % 5 == 0 && n % 15 != 0 ? "jordan" : names[n % 3], "B-PER") };
            if (n % 4 == 0) person.Add(("smith", "I-PER"));
            var city = (n % 15 == 0 ? "jordan" : cities[n % 2], "B-LOC");
            sentences.Add(n % 2 == 0
                ? [.. person, ("went", "O"), ("to", "O"), city]
                : [.. person, ("met", "O"), ("bob", "B-PER"), ("in", "O"), city]);
        }
        return sentences;
    }

    private static string Conll(IEnumerable<(string Word, string Tag)[]> sentences) =>
        string.Join("\n\n", sentences.Select(s => string.Join("\n", s.Select(w => $"{w.Word}\tX\t{w.Tag}")))) + "\n";

    private static string Recipe(string task, string model = TinyRecipes.Model, string baseline = "majority") => $"""
        name: tagging
        version: 1.0.0
        threads: 1
        tokenizer: {"{"} type: wordpiece, vocab: vocab.txt, max_length: 16 {"}"}
        {model}
        stages:
          tagger:
            kind: finetune
            task: {task}
            optimizer: {"{"} lr: 1.0e-2 {"}"}
            epochs: 10
            batch_size: 8
            eval: {"{"} splits: [dev, test], metrics: [token_accuracy, entity_precision, entity_recall, entity_f1, loss] {"}"}
          majority:
            kind: baseline
            method: {baseline}
            task: {task}
            eval: {"{"} splits: [dev, test] {"}"}
        """;

    private const string Task = "{ plugin: file-tagging, params: { train: train.conll, dev: dev.conll, test: test.conll } }";

    private static void WriteData(TempDirectory temp, List<(string Word, string Tag)[]> train, List<(string Word, string Tag)[]> dev, List<(string Word, string Tag)[]> test)
    {
        temp.Write("vocab.txt", string.Join("\n", Vocabulary) + "\n");
        temp.Write("train.conll", "-DOCSTART- -X- O\n\n" + Conll(train));
        temp.Write("dev.conll", Conll(dev));
        temp.Write("test.conll", Conll(test));
    }

    /// <summary>Spans of a well-formed IOB2 sequence (every I- continues a B- of its type): (type, first, last).</summary>
    private static HashSet<(string, int, int)> Spans(IReadOnlyList<string> tags)
    {
        var spans = new HashSet<(string, int, int)>();
        for (var i = 0; i < tags.Count; i++)
        {
            if (!tags[i].StartsWith("B-", StringComparison.Ordinal)) continue;
            var end = i;
            while (end + 1 < tags.Count && tags[end + 1] == "I-" + tags[i][2..]) end++;
            spans.Add((tags[i][2..], i, end));
        }
        return spans;
    }

    [Fact]
    public void ATaggerAndTheMajorityTagBaselineRunEndToEndAndPredictPerWord()
    {
        using var temp = new TempDirectory();
        var (train, dev, test) = (Sentences(60, 0), Sentences(20, 1000), Sentences(19, 2000));
        test.Add([("zed", "B-PER"), ("went", "O"), ("to", "O"), ("rome", "B-LOC")]); // a word never seen in training
        WriteData(temp, train, dev, test);
        var recipe = temp.Write("tagging.yaml", Recipe(Task));

        var run = Cli.Run(temp.Path, "run", recipe, "--out", "runs", "--no-cache");

        Assert.True(run.ExitCode == 0, run.ToString());
        var folder = Directory.GetDirectories(Path.Combine(temp.Path, "runs"), "*-seed1", SearchOption.AllDirectories).Single();
        var stages = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "metrics.json"))).RootElement.GetProperty("stages");

        // The baseline, recomputed: each training word's most frequent tag (ties: the lower tag index, O first, then sorted),
        // the most frequent tag overall for an unseen word.
        string[] labels = ["O", "B-LOC", "B-PER", "I-PER"];
        var pairs = train.SelectMany(s => s).ToList();
        string Most(IEnumerable<string> tags) => tags.GroupBy(t => t).OrderByDescending(g => g.Count()).ThenBy(g => Array.IndexOf(labels, g.Key)).First().Key;
        var byWord = pairs.GroupBy(p => p.Word).ToDictionary(g => g.Key, g => Most(g.Select(p => p.Tag)));
        var overall = Most(pairs.Select(p => p.Tag));
        Assert.Equal("B-PER", byWord["jordan"]);
        foreach (var (split, sentences) in new[] { ("dev", dev), ("test", test) })
        {
            var predicted = sentences.Select(s => s.Select(w => byWord.GetValueOrDefault(w.Word, overall)).ToList()).ToList();
            var words = sentences.Sum(s => s.Length);
            var right = sentences.Select((s, i) => s.Where((w, j) => predicted[i][j] == w.Tag).Count()).Sum();
            var gold = sentences.Select(s => Spans([.. s.Select(w => w.Tag)])).ToList();
            var guessed = predicted.Select(Spans).ToList();
            var correct = gold.Select((g, i) => g.Intersect(guessed[i]).Count()).Sum();
            var (precision, recall) = (correct / (double)guessed.Sum(g => g.Count), correct / (double)gold.Sum(g => g.Count));
            var metrics = stages.GetProperty("majority").GetProperty(split);
            Assert.Equal(right / (double)words, metrics.GetProperty("token_accuracy").GetDouble(), 12);
            Assert.Equal(precision, metrics.GetProperty("entity_precision").GetDouble(), 12);
            Assert.Equal(recall, metrics.GetProperty("entity_recall").GetDouble(), 12);
            Assert.Equal(2 * precision * recall / (precision + recall), metrics.GetProperty("entity_f1").GetDouble(), 12);
            Assert.True(right < words, "the baseline must get jordan-the-city (and zed) wrong");

            // Its per-word predictions, kept per split: gold and predicted tags of each sentence, as recomputed.
            var rows = Repro.Engine.Runs.PredictionFile.Read(Path.Combine(folder, "stages", "majority", "predictions", $"{split}.jsonl.gz"));
            Assert.Equal(sentences.Select(s => s.Select(w => w.Tag)), rows.Select(r => r["gold"]!.AsArray().Select(t => t!.GetValue<string>())));
            Assert.Equal(predicted, rows.Select(r => r["prediction"]!.AsArray().Select(t => t!.GetValue<string>()).ToList()));
        }
        var taggerRows = Repro.Engine.Runs.PredictionFile.Read(Path.Combine(folder, "stages", "tagger", "predictions", "dev.jsonl.gz"));
        Assert.Equal(dev.Select(s => s.Length), taggerRows.Select(r => r["prediction"]!.AsArray().Count));
        var taggerRight = taggerRows.Sum(r => r["gold"]!.AsArray().Zip(r["prediction"]!.AsArray()).Count(p => p.First!.GetValue<string>() == p.Second!.GetValue<string>()));

        // The tagger: every metric present and in range; on this word-identity task it learns past always answering O.
        var tagger = stages.GetProperty("tagger").GetProperty("dev");
        Assert.Equal(taggerRight / (double)dev.Sum(s => s.Length), tagger.GetProperty("token_accuracy").GetDouble(), 12);
        foreach (var metric in new[] { "token_accuracy", "entity_precision", "entity_recall", "entity_f1" })
            Assert.InRange(tagger.GetProperty(metric).GetDouble(), 0, 1);
        Assert.True(double.IsFinite(tagger.GetProperty("loss").GetDouble()) && tagger.GetProperty("loss").GetDouble() > 0);
        var outsideRate = dev.Sum(s => s.Count(w => w.Tag == "O")) / (double)dev.Sum(s => s.Length);
        Assert.True(tagger.GetProperty("token_accuracy").GetDouble() > outsideRate + 0.1, $"{tagger.GetRawText()} against O rate {outsideRate}");

        var predict = Cli.Run(temp.Path, "predict", Path.Combine(folder, "tagger"), "--text", "alice smith went to paris", "--text", "bob met carol in rome");
        Assert.True(predict.ExitCode == 0, predict.ToString());
        var lines = predict.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var first = JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal(["alice", "smith", "went", "to", "paris"], first.GetProperty("words").EnumerateArray().Select(w => w.GetString()));
        var tags = first.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).ToList();
        Assert.Equal(5, tags.Count);
        Assert.All(tags, t => Assert.Contains(t, labels));
        // [CLS] ali ##ce smith went to par ##is [SEP]: two names split into pieces, one tag per word.
        Assert.Equal(9, first.GetProperty("ids").GetArrayLength());
    }

    [Fact]
    public void EntityMetricsNeedIob2Tags()
    {
        using var temp = new TempDirectory();
        var pos = Sentences(8, 0).Select(s => s.Select(w => (w.Word, w.Tag == "O" ? "VERB" : "NOUN")).ToArray()).ToList();
        WriteData(temp, pos, pos, pos);
        var recipe = temp.Write("tagging.yaml", Recipe(Task));

        Refusal.AssertBeforeWriting(temp, Cli.Run(temp.Path, "run", recipe, "--out", "runs"),
            "stages.tagger: task 'file-tagging': entity metrics read spans from IOB2 tag names (O, B-TYPE, I-TYPE), and this task's tags are NOUN, VERB; use token_accuracy");
    }

    [Fact]
    public void ASentenceBaselineOnATokenTaskIsRefused()
    {
        using var temp = new TempDirectory();
        WriteData(temp, Sentences(8, 0), Sentences(4, 100), Sentences(4, 200));
        var recipe = temp.Write("tagging.yaml", Recipe(Task, baseline: "bow_logistic"));

        Refusal.AssertBeforeWriting(temp, Cli.Run(temp.Path, "run", recipe, "--out", "runs"),
            "stages.majority: task 'file-tagging': baseline method 'bow_logistic' classifies sentences; a token-level task takes majority");
    }

    [Fact]
    public void AModelThatCannotTagWordsIsRefusedWhenPlannedNamingThePlugin()
    {
        using var temp = new TempDirectory();
        WriteData(temp, Sentences(8, 0), Sentences(4, 100), Sentences(4, 200));
        var recipe = temp.Write("tagging.yaml", Recipe(Task, model: """
            model:
              plugin: faulty-model
              params: { failure: wrong_shape }
            """));

        var result = Cli.Run(temp.Path, "run", recipe, "--plugins", faulty.Output, "--out", "runs");

        Refusal.AssertBeforeWriting(temp, result,
            "stages.tagger: task 'file-tagging' is token-level (4 tags per word), and model plugin 'faulty-model' 1.0.0 cannot build that head: no head tags words");
        Assert.DoesNotContain("stages.majority", result.Stderr); // a baseline builds no head
    }
}
