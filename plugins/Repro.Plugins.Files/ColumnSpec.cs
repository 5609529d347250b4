namespace Repro.Plugins.Files;

/// <summary>
/// Which columns hold the text, the optional second sentence and the target: header names, or
/// 0-based indices written as strings (<c>"3"</c>) for files without a header. <see cref="Pair"/> is
/// empty for single-sentence data.
/// </summary>
internal sealed record ColumnSpec(string Text, string Pair, string Label)
{
    public bool IsPair => Pair.Length > 0;

    /// <summary>(parameter, column) for each column in use, in the order text, pair, label.</summary>
    public IEnumerable<(string Parameter, string Column)> InUse()
    {
        yield return ("text_column", Text);
        if (IsPair) yield return ("pair_column", Pair);
        yield return ("label_column", Label);
    }
}

/// <summary>One data row reduced to what a task needs, or the reason it is malformed.</summary>
/// <param name="Line">1-based line the row starts on.</param>
internal readonly record struct SourceRow(int Line, string Text, string? Pair, string Target, string? Error = null)
{
    public static SourceRow Malformed(int line, string error) => new(line, "", null, "", error);
}
