using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>
/// One task a stage trains or evaluates: its name (a multitask stage's metrics are <c>name.split</c>), data, head
/// (sharing the stage's body) and loss scale.
/// </summary>
internal sealed record StageMember(string Name, LoadedTask Task, HeadSpec Head, TaskModel Model, double LossScale)
{
    /// <summary>The heads as one module for saving: the head itself, or a multitask stage's heads named by task.</summary>
    public static nn.Module Heads(IReadOnlyList<StageMember> members) =>
        members.Count == 1 ? members[0].Model.Head : new HeadSet(members.Select(m => (m.Name, (nn.Module)m.Model.Head)));
}
