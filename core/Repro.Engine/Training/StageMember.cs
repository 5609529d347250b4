using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>
/// One task a stage trains or evaluates: its plan (name, metric and stream names), data, head (sharing the stage's body)
/// and loss scale.
/// </summary>
internal sealed record StageMember(Planning.PlannedTask Planned, LoadedTask Task, HeadSpec Head, TaskModel Model, double LossScale)
{
    /// <summary>The task's name (the stage's for its only task).</summary>
    public string Name => Planned.Name;

    /// <summary>The heads as one module for saving: the head itself, or a multitask stage's heads named by task.</summary>
    public static nn.Module Heads(IReadOnlyList<StageMember> members) =>
        members.Count == 1 ? members[0].Model.Head : new HeadSet(members.Select(m => (m.Name, (nn.Module)m.Model.Head)));
}
