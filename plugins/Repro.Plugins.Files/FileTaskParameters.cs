using Repro.Contracts;

namespace Repro.Plugins.Files;

/// <summary>Parameters shared by <c>file-classification</c> and <c>file-regression</c>.</summary>
public class FileTaskParameters
{
    [Param("Train file, relative to the recipe folder.")]
    public string Train { get; set; } = "";

    [Param("Dev file, relative to the recipe folder.")]
    public string Dev { get; set; } = "";

    [Param("Test file, relative to the recipe folder; \"\" for none.")]
    public string Test { get; set; } = "";

    [Param("auto (by extension: .tsv/.txt, .csv, .jsonl/.ndjson/.json) | tsv (no quoting) | csv (RFC 4180 quoting) | jsonl.")]
    public DataFormat Format { get; set; } = DataFormat.Auto;

    [Param("TSV/CSV: the first line names the columns. Without a header, columns are 0-based indices (\"0\", \"1\").")]
    public bool HasHeader { get; set; } = true;

    [Param("Column (header name, JSON key, or 0-based index without a header) holding the sentence.")]
    public string TextColumn { get; set; } = "text";

    [Param("Column holding the second sentence of a pair; \"\" for single sentences.")]
    public string PairColumn { get; set; } = "";

    [Param("Column holding the label (classification) or the target value (regression).")]
    public string LabelColumn { get; set; } = "label";

    [Param("Skip malformed rows (missing column, unknown label, non-numeric target, bad quoting) and count them, instead of failing with FILE line N.")]
    public bool SkipMalformed { get; set; }

    [Param("Metrics to report; empty = accuracy+f1 (2 labels), accuracy+macro_f1 (more labels), pearson+spearman (regression).")]
    public string[] Metrics { get; set; } = [];

    internal ColumnSpec Columns()
    {
        if (string.IsNullOrWhiteSpace(TextColumn)) throw new ArgumentException("text_column must name a column", "text_column");
        if (string.IsNullOrWhiteSpace(LabelColumn)) throw new ArgumentException("label_column must name a column", "label_column");
        return new ColumnSpec(TextColumn, PairColumn ?? "", LabelColumn);
    }

    internal IReadOnlyList<SplitSource> Sources(string recipeDirectory)
    {
        var sources = new List<SplitSource>
        {
            new("train", "train", DataFiles.Resolve("train", Train, recipeDirectory)),
            new("dev", "dev", DataFiles.Resolve("dev", Dev, recipeDirectory)),
        };
        if (!string.IsNullOrWhiteSpace(Test)) sources.Add(new("test", "test", DataFiles.Resolve("test", Test, recipeDirectory)));
        return sources;
    }
}

/// <summary>Parameters of <c>file-classification</c>.</summary>
public sealed class FileClassificationParameters : FileTaskParameters
{
    [Param("Class labels in index order (label 1 is the positive class of f1); empty = the sorted distinct labels of the train split (as integers when all are).")]
    public string[] Labels { get; set; } = [];
}

/// <summary>Parameters of <c>file-regression</c>.</summary>
public sealed class FileRegressionParameters : FileTaskParameters;
