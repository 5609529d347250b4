using System.Globalization;
using Repro.Contracts;

namespace Repro.Plugins.Files;

/// <summary>Parameters of <c>file-tagging</c>.</summary>
public sealed class FileTaggingParameters
{
    [Param("Train file (CoNLL: one word per line, its tag in the last column; a blank line ends a sentence), relative to the recipe folder.")]
    public string Train { get; set; } = "";

    [Param("Dev file, relative to the recipe folder.")]
    public string Dev { get; set; } = "";

    [Param("Test file, relative to the recipe folder; \"\" for none.")]
    public string Test { get; set; } = "";

    [Param("Tags in index order; empty = the sorted distinct tags of the train split, O first when present.")]
    public string[] Labels { get; set; } = [];

    [Param("Metrics to report; empty = token_accuracy, plus entity_precision, entity_recall and entity_f1 when every tag is O, B-X or I-X (IOB2).")]
    public string[] Metrics { get; set; } = [];
}

/// <summary>
/// Token-level tagging (part of speech, named entities) from the user's CoNLL files: one word per line, columns separated by
/// white space, the word in the first column and its tag in the last (so CoNLL-2003's four columns read as word and NER tag);
/// a blank line ends a sentence and <c>-DOCSTART-</c> lines are skipped. Example ids are <c>&lt;split&gt;-&lt;line&gt;</c>, the
/// 1-based line of the sentence's first word. A line with one column, or a dev/test tag the labels lack, is refused with its file and line.
/// </summary>
[Plugin("file-tagging", "1.0.0", Description = "Token-level tagging (POS, NER in IOB2) from your own CoNLL files.", Determinism = DeterminismTier.Bitwise)]
public sealed class FileTagging : TaskPlugin<FileTaggingParameters>
{
    private static readonly string[] Allowed = [MetricNames.TokenAccuracy, MetricNames.EntityPrecision, MetricNames.EntityRecall, MetricNames.EntityF1, MetricNames.Loss];

    /// <inheritdoc/>
    public override ITask Load(FileTaggingParameters parameters, TaskContext context)
    {
        var sources = new List<SplitSource>
        {
            new("train", "train", DataFiles.Resolve("train", parameters.Train, context.RecipeDirectory)),
            new("dev", "dev", DataFiles.Resolve("dev", parameters.Dev, context.RecipeDirectory)),
        };
        if (!string.IsNullOrWhiteSpace(parameters.Test)) sources.Add(new("test", "test", DataFiles.Resolve("test", parameters.Test, context.RecipeDirectory)));
        var read = sources.Select(s => (Source: s, Sentences: Sentences(s))).ToList();
        var trainTags = read[0].Sentences.SelectMany(s => s.Tags.Select(t => t.Tag)).Distinct(StringComparer.Ordinal).ToList();
        string[] labels = parameters.Labels.Length > 0 ? parameters.Labels
            : [.. trainTags.Where(t => t == "O"), .. trainTags.Where(t => t != "O").Order(StringComparer.Ordinal)];
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var splits = new Dictionary<string, IReadOnlyList<Example>>();
        foreach (var (source, sentences) in read)
        {
            if (sentences.Count == 0) throw new InvalidDataException($"{source.Parameter}: {source.Path} has no sentences");
            splits[source.Split] = [.. sentences.Select(s => new Example($"{source.Split}-{s.Line.ToString(CultureInfo.InvariantCulture)}", string.Join(' ', s.Words))
            {
                Words = s.Words,
                Tags = [.. s.Tags.Select(t => index.TryGetValue(t.Tag, out var i) ? i
                    : throw new PluginInputException($"{source.Path} line {t.Line}: unknown tag '{t.Tag}' (tags: {string.Join(", ", labels)})"))],
            })];
        }
        var iob = labels.All(l => l == "O" || (l.Length > 2 && l[0] is 'B' or 'I' && l[1] == '-'));
        string[] metrics = parameters.Metrics.Length > 0 ? parameters.Metrics
            : iob ? [MetricNames.TokenAccuracy, MetricNames.EntityPrecision, MetricNames.EntityRecall, MetricNames.EntityF1] : [MetricNames.TokenAccuracy];
        if (metrics.FirstOrDefault(m => !Allowed.Contains(m)) is { } bad)
            throw new ArgumentException($"metrics: '{bad}' is not a tagging metric; choose from {string.Join(", ", Allowed)}", "metrics");
        return new InMemoryTask(TargetKind.TokenClassification, labels, false, splits, metrics);
    }

    private sealed record Sentence(int Line, List<string> Words, List<(string Tag, int Line)> Tags);

    private static List<Sentence> Sentences(SplitSource source)
    {
        var sentences = new List<Sentence>();
        Sentence? current = null;
        var number = 0;
        using var reader = new BoundedTextReader(new StreamReader(source.Path, detectEncodingFromByteOrderMarks: true), source.Path);
        while (reader.ReadLine() is { } line)
        {
            number++;
            var columns = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (columns.Length == 0 || columns[0] == "-DOCSTART-")
            {
                if (current is not null) sentences.Add(current);
                current = null;
                continue;
            }
            if (columns.Length < 2) throw new PluginInputException($"{source.Path} line {number}: expected a word and its tag separated by white space, got '{line}'");
            current ??= new Sentence(number, [], []);
            current.Words.Add(columns[0]);
            current.Tags.Add((columns[^1], number));
        }
        if (current is not null) sentences.Add(current);
        return sentences;
    }
}
