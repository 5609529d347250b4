using System.Globalization;
using Repro.Contracts;

namespace Repro.Plugins.Files;

/// <summary>What to read from every split's file.</summary>
/// <param name="Labels">Classification labels in index order; empty = the sorted distinct labels of the train split.</param>
/// <param name="Metrics">Requested metrics; empty = <see cref="MetricChoice.Default"/>.</param>
internal sealed record TaskSpec(
    TargetKind Target, ColumnSpec Columns, DataFormat Format, bool HasHeader, string[] Labels, bool SkipMalformed, string[] Metrics);

/// <summary>Reads every split, turns rows into examples with ids <c>&lt;split&gt;-&lt;line&gt;</c>, and deals with malformed rows.</summary>
internal static class FileTaskLoader
{
    public static FileTask Load(TaskSpec spec, IReadOnlyList<SplitSource> sources)
    {
        var rows = sources.Select(s => (Source: s, Rows: DataFiles.Rows(s.Path, spec.Format, spec.HasHeader, spec.Columns).ToList())).ToList();
        // A row that cannot be read is the problem to report, before the labels are inferred from the rows that can.
        if (!spec.SkipMalformed && rows.SelectMany(r => r.Rows.Select(row => (r.Source, Row: row))).FirstOrDefault(r => r.Row.Error is not null) is ({ } at, var bad))
            throw Refused(at, bad.Line, bad.Error!);
        string[] labels = spec.Target == TargetKind.Classification
            ? LabelSet.Choose(spec.Labels, rows[0].Rows.Where(r => r.Error is null).Select(r => r.Target))
            : [];
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);
        var splits = new Dictionary<string, IReadOnlyList<Example>>();
        var skipped = new Dictionary<string, int>();
        var warnings = new List<string>();
        foreach (var (source, splitRows) in rows)
        {
            var examples = new List<Example>(splitRows.Count);
            skipped[source.Split] = 0;
            foreach (var row in splitRows)
            {
                var error = row.Error;
                Example? example = null;
                if (error is null)
                {
                    var id = $"{source.Split}-{row.Line.ToString(CultureInfo.InvariantCulture)}";
                    if (spec.Target == TargetKind.Classification)
                    {
                        var label = row.Target.Trim();
                        if (index.TryGetValue(label, out var i)) example = new Example(id, row.Text, row.Pair, Label: i);
                        else error = label.Length == 0 ? "the label is empty"
                            : $"unknown label '{label}' (labels: {string.Join(", ", labels)})";
                    }
                    else if (double.TryParse(row.Target.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
                        example = new Example(id, row.Text, row.Pair, Value: value);
                    else error = $"the regression target '{row.Target}' is not a number (write it with a decimal point, e.g. 3.5)";
                }
                if (example is not null) { examples.Add(example); continue; }
                if (!spec.SkipMalformed) throw Refused(source, row.Line, error!);
                skipped[source.Split]++;
                warnings.Add(Where(source, row.Line, error!));
            }
            if (examples.Count == 0) throw new InvalidDataException($"{source.Parameter}: {source.Path} has no usable examples");
            splits[source.Split] = examples;
        }
        var metrics = MetricChoice.Choose(spec.Metrics, spec.Target, labels.Length);
        return new FileTask(new InMemoryTask(spec.Target, labels, spec.Columns.IsPair, splits, metrics), skipped, warnings);
    }

    private static string Where(SplitSource source, int line, string error) => $"{source.Path} line {line}: {error}";

    /// <summary>A malformed row when rows are not skipped: the file, the line and what is wrong.</summary>
    private static InvalidDataException Refused(SplitSource source, int line, string error) =>
        new($"{Where(source, line, error)}; set skip_malformed: true to skip malformed rows");
}
