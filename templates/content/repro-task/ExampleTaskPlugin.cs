using Repro.Contracts;

namespace Acme.Tasks;

/// <summary>Parameters of <see cref="ExampleTaskPlugin"/>: recipes write them in snake_case (train_size: 64).</summary>
public sealed class ExampleTaskParameters
{
    [Param("The word whose presence is the label.")]
    public string Keyword { get; set; } = "zebra";

    [Param("Training sentences.", Min = 2, Max = 100000)]
    public int TrainSize { get; set; } = 64;

    [Param("Dev sentences.", Min = 2, Max = 100000)]
    public int DevSize { get; set; } = 32;
}

/// <summary>
/// Does the sentence contain the keyword? Sentences are generated from the recipe's data seed, so the same
/// recipe and seed give the same data everywhere. Bump the version whenever a change can alter the data.
/// </summary>
[Plugin("acme-tasks", "1.0.0", Description = "Example task: does the sentence contain the keyword", Determinism = DeterminismTier.Bitwise)]
public sealed class ExampleTaskPlugin : TaskPlugin<ExampleTaskParameters>
{
    private static readonly string[] Words = ["red", "blue", "cat", "dog", "runs", "sleeps", "the", "a", "big", "small"];

    public override ITask Load(ExampleTaskParameters parameters, TaskContext context)
    {
        var rng = new Rng(context.DataSeed);
        IReadOnlyList<Example> Split(string name, int size) => Enumerable.Range(0, size).Select(i =>
        {
            var words = Enumerable.Range(0, 4 + rng.Next(5)).Select(_ => rng.Pick(Words)).ToList();
            var present = i % 2 == 1;
            if (present) words.Insert(rng.Next(words.Count + 1), parameters.Keyword);
            return new Example($"{name}-{i}", string.Join(' ', words), Label: present ? 1 : 0);
        }).ToList();
        var splits = new Dictionary<string, IReadOnlyList<Example>>
        {
            ["train"] = Split("train", parameters.TrainSize),
            ["dev"] = Split("dev", parameters.DevSize),
        };
        return new InMemoryTask(TargetKind.Classification, ["absent", "present"], false, splits, [MetricNames.Accuracy, MetricNames.F1]);
    }
}
