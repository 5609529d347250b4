using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>A multitask stage's heads as one module, each registered under its task's name, for saving and loading.</summary>
internal sealed class HeadSet : nn.Module
{
    public HeadSet(IEnumerable<(string Name, nn.Module Head)> heads) : base("heads")
    {
        foreach (var (name, head) in heads) register_module(name, head);
    }
}
