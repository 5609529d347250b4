using Repro.Contracts;

namespace Repro.Plugins.Files;

/// <summary>Parameters of <c>glue</c>.</summary>
public sealed class GlueParameters
{
    [Param("The GLUE data folder (as written by download_glue_data.py, holding CoLA/, SST-2/, …), relative to the recipe folder.")]
    public string Folder { get; set; } = "glue_data";

    [Param("cola | sst-2 | mrpc | qqp | sts-b | mnli | qnli | rte | wnli (any case; SST-2 and sst2 work too).")]
    public string Task { get; set; } = "sst-2";

    [Param("Skip malformed rows and count them instead of failing with FILE line N.")]
    public bool SkipMalformed { get; set; }
}

/// <summary>
/// One GLUE task from the standard folder layout, with the official columns, label order and
/// metrics (see <see cref="GlueTasks"/> for the table). Splits: <c>train</c> and <c>dev</c>, or for
/// MNLI <c>train</c>, <c>dev_matched</c> and <c>dev_mismatched</c>; the unlabelled test files are not read.
/// </summary>
[Plugin("glue", "1.0.0",
    Description = "A GLUE task (CoLA, SST-2, MRPC, QQP, STS-B, MNLI, QNLI, RTE, WNLI) from the standard glue_data folder.",
    Determinism = DeterminismTier.Bitwise)]
public sealed class Glue : TaskPlugin<GlueParameters>
{
    /// <inheritdoc/>
    public override ITask Load(GlueParameters parameters, TaskContext context)
    {
        var task = GlueTasks.Find(parameters.Task);
        if (string.IsNullOrWhiteSpace(parameters.Folder)) throw new ArgumentException("folder must name the GLUE data folder", "folder");
        var folder = Path.Combine(parameters.Folder, task.Folder);
        var sources = new List<SplitSource> { new("train", "folder", DataFiles.Resolve("folder", Path.Combine(folder, "train.tsv"), context.RecipeDirectory)) };
        sources.AddRange(task.Dev.Select(d => new SplitSource(d.Split, "folder", DataFiles.Resolve("folder", Path.Combine(folder, d.File), context.RecipeDirectory))));
        return FileTaskLoader.Load(
            new TaskSpec(task.Target, task.Columns, DataFormat.Tsv, task.HasHeader, task.Labels, parameters.SkipMalformed, task.Metrics),
            sources);
    }
}
