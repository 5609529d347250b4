using System.Text.Json;
using Repro.Engine.Data;
using Repro.Engine.Runs;

namespace Repro.Engine.Training;

/// <summary>Where training stood at a checkpoint, besides the tensors.</summary>
/// <param name="Step">The last finished step.</param>
/// <param name="Order">The data-order cursor.</param>
/// <param name="Masking">The masking stream's state.</param>
/// <param name="RunningLoss">Sum of the losses since the last logged step.</param>
/// <param name="WindowSteps">Steps since the last logged step.</param>
/// <param name="WindowExamples">Examples since the last logged step.</param>
/// <param name="LogOffset">Length of steps.jsonl at this step; a resumed run truncates the log here.</param>
internal sealed record TrainingState(int Step, TrainingOrderState Order, ulong[] Masking, double RunningLoss, int WindowSteps, int WindowExamples, long LogOffset);

/// <summary>The pointer to a stage's newest complete checkpoint and the hashes of its files.</summary>
internal sealed record CheckpointPointer(int Step, string Folder, IReadOnlyDictionary<string, string> Sha256);

/// <summary>
/// A stage's checkpoints: <c>stages/&lt;stage&gt;/checkpoints/step-N/</c> holding weights, optimizer state,
/// random-stream states and <c>state.json</c>, and <c>latest.json</c> naming the newest complete one.
/// A checkpoint folder is written in full before the pointer moves to it, so a process killed at any
/// moment leaves the previous checkpoint usable; files are verified by hash before use.
/// </summary>
internal sealed class Checkpoints(string stageFolder)
{
    public const string Body = "body.weights";
    public const string Head = "head.weights";

    /// <summary>A <c>lora:</c> stage's adapter factors (<see cref="Models.LoraLayers"/>).</summary>
    public const string Lora = "lora.weights";
    /// <summary>Where Repro before the fused optimizers kept TorchSharp's optimizer state; now it is in <see cref="Tensors"/>.</summary>
    public const string TorchSharpOptimizer = "optimizer.state";
    public const string Tensors = "tensors.bin";
    public const string State = "state.json";

    private string Root => Path.Combine(stageFolder, "checkpoints");
    private string Pointer => Path.Combine(Root, "latest.json");

    /// <summary>True when the stage has a checkpoint to continue from.</summary>
    public bool Exist => File.Exists(Pointer);

    /// <summary>Writes a checkpoint for <paramref name="state"/>; <paramref name="write"/> fills the folder with the tensor files.</summary>
    public void Save(TrainingState state, Action<string> write)
    {
        var name = $"step-{state.Step:D9}";
        var folder = Path.Combine(Root, name);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        write(folder);
        Json.Write(Path.Combine(folder, State), state);
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.GetFiles(folder)) hashes[Path.GetFileName(file)] = FileHash.Of(file);
        Json.Write(Pointer, new CheckpointPointer(state.Step, name, hashes));
        foreach (var old in Directory.GetDirectories(Root).Where(d => Path.GetFileName(d) != name))
            Directory.Delete(old, recursive: true);
    }

    /// <summary>The newest checkpoint's folder and state, verified, or null when there is none.</summary>
    public (string Folder, TrainingState State)? Latest()
    {
        if (!File.Exists(Pointer)) return null;
        var pointer = Json.Read<CheckpointPointer>(Pointer);
        var folder = Path.Combine(Root, pointer.Folder);
        foreach (var (file, sha) in pointer.Sha256) FileHash.Verify(Path.Combine(folder, file), sha, "checkpoint file");
        return (folder, Json.Read<TrainingState>(Path.Combine(folder, State)));
    }

    /// <summary>Removes every checkpoint (the stage finished).</summary>
    public void Clear()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
