using Repro.Contracts;

namespace KeywordTask;

/// <summary>Parameters of <see cref="KeywordTaskPlugin"/>.</summary>
public sealed class KeywordTaskParameters
{
    [Param("The word whose presence is the label.")]
    public string Keyword { get; set; } = "zebra";

    [Param("Training sentences.", Min = 2, Max = 100000)]
    public int TrainSize { get; set; } = 64;

    [Param("Seed of the generated sentences.")]
    public long Seed { get; set; } = 5;
}

/// <summary>A task no built-in knows: does the sentence contain the keyword?</summary>
[Plugin("keyword-task", "0.3.0", Description = "Third-party fixture: does the sentence contain the keyword", Determinism = DeterminismTier.Bitwise)]
public sealed class KeywordTaskPlugin : TaskPlugin<KeywordTaskParameters>
{
    private static readonly string[] Words = ["red", "blue", "cat", "dog", "runs", "sleeps", "the", "a", "big", "small"];

    public override ITask Load(KeywordTaskParameters parameters, TaskContext context)
    {
        var rng = new Rng(parameters.Seed);
        IReadOnlyList<Example> Split(string name, int size) => Enumerable.Range(0, size).Select(i =>
        {
            var words = Enumerable.Range(0, 4 + rng.Next(5)).Select(_ => rng.Pick(Words)).ToList();
            var positive = i % 2 == 1;
            if (positive) words.Insert(rng.Next(words.Count + 1), parameters.Keyword);
            return new Example($"{name}-{i}", string.Join(' ', words), Label: positive ? 1 : 0);
        }).ToList();
        return new InMemoryTask(TargetKind.Classification, ["absent", "present"], false,
            new Dictionary<string, IReadOnlyList<Example>> { ["train"] = Split("train", parameters.TrainSize), ["dev"] = Split("dev", 32) },
            [MetricNames.Accuracy, MetricNames.F1]);
    }
}
