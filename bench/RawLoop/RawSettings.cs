namespace Repro.Bench.RawLoop;

/// <summary>
/// One workload's hyperparameters, as bench/run.sh passes them to all three implementations.
/// Names follow the recipe fields they mirror.
/// </summary>
public sealed record RawSettings
{
    /// <summary>True: masked-LM pretraining; false: 2-class fine-tuning.</summary>
    public bool MaskedLm { get; init; }
    public int HiddenSize { get; init; } = 128;
    public int Layers { get; init; } = 2;
    public int Heads { get; init; } = 2;
    public int FfnSize { get; init; } = 512;
    public double Dropout { get; init; } = 0.1;
    /// <summary>Words per sentence; a sequence is this plus [CLS] and [SEP].</summary>
    public int Length { get; init; } = 126;
    public int Vocabulary { get; init; } = 2000;
    public int TrainSize { get; init; } = 2048;
    public long DataSeed { get; init; } = 7;
    public int BatchSize { get; init; } = 32;
    public int Steps { get; init; } = 60;
    /// <summary>Steps per timing window; the loss is read back once per window, as the engine's log_every.</summary>
    public int Window { get; init; } = 10;
    public double Lr { get; init; } = 1e-4;
    public double WeightDecay { get; init; } = 0.01;
    public double WarmupRatio { get; init; } = 0.1;
    public double GradClip { get; init; } = 1.0;
    public double MaskProbability { get; init; } = 0.15;
    public int Threads { get; init; } = 2;
    /// <summary>The run seed; per-purpose seeds derive from it as in a recipe run.</summary>
    public long Seed { get; init; } = 1;
    /// <summary>The stage name the per-purpose seeds are derived under.</summary>
    public string Stage { get; init; } = "train";
    /// <summary>
    /// A Hugging Face checkpoint folder: the body is loaded from it through the plugin (its config sets the shape and
    /// dropout; the shape options are ignored) and the text is encoded with its WordPiece tokenizer, truncated to
    /// <see cref="Length"/> + 2 tokens. Null: a fresh encoder over the words vocabulary.
    /// </summary>
    public string? Checkpoint { get; init; }
    /// <summary>The plugin's <c>pooling</c> parameter: pooler, cls or mean.</summary>
    public string Pooling { get; init; } = "pooler";

    /// <summary>Reads <c>--name value</c> pairs (kebab-case of the properties); unknown names are an error.</summary>
    public static RawSettings Parse(IReadOnlyList<string> args)
    {
        var s = new RawSettings();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            var v = args[i + 1];
            s = args[i] switch
            {
                "--workload" => s with { MaskedLm = v == "mlm" },
                "--hidden" => s with { HiddenSize = int.Parse(v) },
                "--layers" => s with { Layers = int.Parse(v) },
                "--heads" => s with { Heads = int.Parse(v) },
                "--ffn" => s with { FfnSize = int.Parse(v) },
                "--dropout" => s with { Dropout = double.Parse(v) },
                "--length" => s with { Length = int.Parse(v) },
                "--vocabulary" => s with { Vocabulary = int.Parse(v) },
                "--train-size" => s with { TrainSize = int.Parse(v) },
                "--data-seed" => s with { DataSeed = long.Parse(v) },
                "--batch" => s with { BatchSize = int.Parse(v) },
                "--steps" => s with { Steps = int.Parse(v) },
                "--window" => s with { Window = int.Parse(v) },
                "--lr" => s with { Lr = double.Parse(v) },
                "--weight-decay" => s with { WeightDecay = double.Parse(v) },
                "--warmup-ratio" => s with { WarmupRatio = double.Parse(v) },
                "--grad-clip" => s with { GradClip = double.Parse(v) },
                "--mask-probability" => s with { MaskProbability = double.Parse(v) },
                "--threads" => s with { Threads = int.Parse(v) },
                "--seed" => s with { Seed = long.Parse(v) },
                "--stage" => s with { Stage = v },
                "--checkpoint" => s with { Checkpoint = v },
                "--pooling" => s with { Pooling = v },
                _ => throw new ArgumentException($"unknown option {args[i]}"),
            };
        }
        return s;
    }
}
