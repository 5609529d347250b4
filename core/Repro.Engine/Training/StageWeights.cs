using Repro.Engine.Recipes;
using Repro.Engine.Runs;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>A stage's saved weights: its body and heads under <see cref="RunFiles.Body"/> and <see cref="RunFiles.Head"/>.</summary>
internal static class StageWeights
{
    /// <summary>
    /// Writes the stage's body and its heads (<see cref="StageMember.Heads"/>), each file atomically. A <c>lora:</c> stage
    /// writes its adapter factors first, then merges them into the body it saves: what later stages, exports and predictions load
    /// is a plain body of its plugin.
    /// </summary>
    public static void Save(RunContext run, Stage stage, IReadOnlyList<StageMember> members)
    {
        if (members[0].Model.Lora is { } lora)
        {
            AtomicFile.Write(run.Files.Lora(stage.Name), temp => lora.save(temp));
            lora.MergeAndDetach();
        }
        AtomicFile.Write(run.Files.Body(stage.Name), temp => members[0].Model.Body.save(temp));
        AtomicFile.Write(run.Files.Head(stage.Name), temp => StageMember.Heads(members).save(temp));
    }

    /// <summary>Loads the weights <paramref name="stage"/> saved at <paramref name="path"/>; a missing or mismatched file is a <see cref="ReproException"/>.</summary>
    public static void Load(nn.Module module, string path, string stage)
    {
        if (!File.Exists(path)) throw new ReproException($"weights of stage '{stage}' not found: {path}");
        try { module.load(path); }
        catch (Exception e) when (e is not ReproException)
        {
            throw new ReproException($"weights of stage '{stage}' ({path}) do not fit this model: {e.Message}");
        }
    }
}
