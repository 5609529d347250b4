using Repro.Contracts;
using Repro.Engine.Data;
using Repro.Engine.Recipes;
using static TorchSharp.torch;
using Repro.Engine.Training.Optimizers;

namespace Repro.Engine.Training;

/// <summary>
/// What a training stage's checkpoints hold (<see cref="Checkpoints"/>): body and head weights, optimizer state, the
/// data-order, masking, global and regularizer random streams, regularizer state and the loss of the open logging window.
/// </summary>
internal sealed class StageCheckpoint(RunContext run, string stage, IReadOnlyList<StageMember> members, StageOptimizer optimizer,
    IReadOnlyList<ActiveRegularizer> regularizers, TrainingOrder order, Rng masking, Tensor runningLoss, LogWindow window)
{
    private readonly Checkpoints _checkpoints = new(run.Files.Stage(stage));

    /// <summary>Saves the state after <paramref name="step"/>.</summary>
    public void Save(int step) => _checkpoints.Save(
        new TrainingState(step, order.State, masking.State, runningLoss.cpu().item<float>(), window.Steps, window.Examples, run.Log.Offset),
        Write);

    /// <summary>Restores the newest checkpoint, if there is one, and truncates the step log to it: the last step it finished, or 0.</summary>
    public int Restore()
    {
        if (_checkpoints.Latest() is not var (folder, state)) return 0;
        if (File.Exists(Path.Combine(folder, Checkpoints.TorchSharpOptimizer)))
            throw new ReproException($"stage '{stage}': its checkpoint after step {state.Step} ({folder}) holds the optimizer state of an earlier " +
                $"Repro ({Checkpoints.TorchSharpOptimizer}), which this version cannot read. Continue the run with the Repro that wrote it, or " +
                $"delete {Path.GetDirectoryName(folder)} to train the stage again from its start.");
        members[0].Model.Body.load(Path.Combine(folder, Checkpoints.Body));
        StageMember.Heads(members).load(Path.Combine(folder, Checkpoints.Head));
        members[0].Model.Lora?.load(Path.Combine(folder, Checkpoints.Lora));
        order.State = state.Order;
        masking.State = state.Masking;
        runningLoss.fill_(state.RunningLoss);
        (window.Steps, window.Examples) = (state.WindowSteps, state.WindowExamples);
        var tensors = TensorBundle.Load(Path.Combine(folder, Checkpoints.Tensors));
        optimizer.LoadState(Within(tensors, "optimizer."));
        set_rng_state(tensors["rng.cpu"]);
        for (var i = 0; i < regularizers.Count; i++)
        {
            regularizers[i].Generator.set_state(tensors[$"regularizer.{i}.generator"]);
            var own = Within(tensors, $"regularizer.{i}.state.");
            PluginCall.Run(regularizers[i].Component, stage, "LoadState", () => regularizers[i].Regularizer.LoadState(own));
        }
        foreach (var t in tensors.Values) t.Dispose();
        run.Log.TruncateTo(state.LogOffset);
        run.Observer.Info($"stage '{stage}': resuming after step {state.Step}");
        return state.Step;
    }

    /// <summary>The tensors whose names start with <paramref name="prefix"/>, by the rest of their names.</summary>
    private static Dictionary<string, Tensor> Within(Dictionary<string, Tensor> tensors, string prefix) =>
        tensors.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal)).ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value);

    /// <summary>Fills a checkpoint folder with the tensor files.</summary>
    private void Write(string folder)
    {
        members[0].Model.Body.save(Path.Combine(folder, Checkpoints.Body));
        StageMember.Heads(members).save(Path.Combine(folder, Checkpoints.Head));
        members[0].Model.Lora?.save(Path.Combine(folder, Checkpoints.Lora));
        var tensors = new List<(string, Tensor)> { ("rng.cpu", get_rng_state()) };
        tensors.AddRange(optimizer.State().Select(t => ("optimizer." + t.Name, t.Tensor)));
        for (var i = 0; i < regularizers.Count; i++)
        {
            tensors.Add(($"regularizer.{i}.generator", regularizers[i].Generator.get_state()));
            var state = PluginCall.Run(regularizers[i].Component, stage, "State", regularizers[i].Regularizer.State);
            tensors.AddRange(state.Select(kv => ($"regularizer.{i}.state.{kv.Key}", kv.Value)));
        }
        TensorBundle.Save(Path.Combine(folder, Checkpoints.Tensors), tensors);
    }
}
