using Repro.Contracts;

namespace Repro.Plugins.Files;

/// <summary>
/// Single-sentence or sentence-pair classification from the user's TSV, CSV or JSON Lines files.
/// Splits: <c>train</c>, <c>dev</c> and, when <c>test</c> is set, <c>test</c>. Example ids are
/// <c>&lt;split&gt;-&lt;line&gt;</c> with the 1-based line the row starts on. The returned
/// <see cref="FileTask"/> counts rows skipped under <c>skip_malformed: true</c>.
/// </summary>
[Plugin("file-classification", "1.0.0",
    Description = "Text or text-pair classification from your own TSV, CSV or JSON Lines files.",
    Determinism = DeterminismTier.Bitwise)]
public sealed class FileClassification : TaskPlugin<FileClassificationParameters>
{
    /// <inheritdoc/>
    public override ITask Load(FileClassificationParameters parameters, TaskContext context) =>
        FileTaskLoader.Load(
            new TaskSpec(TargetKind.Classification, parameters.Columns(), parameters.Format, parameters.HasHeader,
                parameters.Labels, parameters.SkipMalformed, parameters.Metrics),
            parameters.Sources(context.RecipeDirectory));
}
