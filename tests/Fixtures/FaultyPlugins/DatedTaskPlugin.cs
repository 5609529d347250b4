#if UNSUPPORTED_PARAMETER
using Repro.Contracts;

namespace FaultyPlugins;

/// <summary>Parameters of <see cref="DatedTaskPlugin"/>: a DateTime, which recipes cannot set.</summary>
public sealed class DatedTaskParameters
{
    [Param("Only examples after this date.")]
    public DateTime Since { get; set; } = new(2020, 1, 1);
}

/// <summary>A task the host refuses to load: its parameter type is not one recipes support.</summary>
[Plugin("dated-task", "1.0.0", Description = "Test fixture: a DateTime parameter")]
public sealed class DatedTaskPlugin : TaskPlugin<DatedTaskParameters>
{
    public override ITask Load(DatedTaskParameters parameters, TaskContext context) => throw new NotSupportedException();
}
#endif
