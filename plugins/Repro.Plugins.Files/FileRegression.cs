using Repro.Contracts;

namespace Repro.Plugins.Files;

/// <summary>
/// Single-sentence or sentence-pair regression from the user's TSV, CSV or JSON Lines files. Targets
/// are read with the invariant culture (<c>3.5</c>, never <c>3,5</c>). Splits and ids as in
/// <see cref="FileClassification"/>.
/// </summary>
[Plugin("file-regression", "1.0.0",
    Description = "Text or text-pair regression from your own TSV, CSV or JSON Lines files.",
    Determinism = DeterminismTier.Bitwise)]
public sealed class FileRegression : TaskPlugin<FileRegressionParameters>
{
    /// <inheritdoc/>
    public override ITask Load(FileRegressionParameters parameters, TaskContext context) =>
        FileTaskLoader.Load(
            new TaskSpec(TargetKind.Regression, parameters.Columns(), parameters.Format, parameters.HasHeader,
                [], parameters.SkipMalformed, parameters.Metrics),
            parameters.Sources(context.RecipeDirectory));
}
