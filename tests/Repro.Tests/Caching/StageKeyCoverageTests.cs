using System.Collections;
using System.Reflection;
using System.Text.Json.Nodes;
using Repro.Engine.Caching;
using Repro.Engine.Recipes;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// Every field of a stage is in its cache key or on the key's explicit result-neutral list: a field missed in the key
/// would silently reuse another configuration's cached result.
/// </summary>
[Trait("Category", "Unit")]
public sealed class StageKeyCoverageTests
{
    /// <summary>Stages of every kind and shape, so each field matters somewhere: a field counts as keyed when changing it changes the key of at least one of them.</summary>
    private const string Recipe = """
        name: keys
        version: 1.0.0
        seed: 3
        threads: 1
        tokenizer: { max_length: 24 }
        model:
          plugin: bert-encoder
          params: { hidden_size: 16, layers: 1, heads: 2, ffn_size: 32 }
        stages:
          pretrain:
            kind: pretrain
            seed: 1
            task: { plugin: synthetic-corpus, params: { train_size: 40, dev_size: 10 } }
            optimizer: { type: sgd, lr: 0.1, momentum: 0.9 }
            schedule: { type: linear, warmup_steps: 2 }
            steps: 4
          target:
            kind: finetune
            from: pretrain
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 10, test_size: 10 } }
            train_examples: { count: 8, draw: seed }
            freeze: [embeddings]
            regularizers: [ { plugin: l2-sp, params: { alpha: 0.1, beta: 0.01 } } ]
            optimizer: { type: adamw, lr: 3.0e-3 }
            epochs: 1
            eval: { splits: [dev], metrics: [accuracy] }
          scratch:
            kind: finetune
            model:
              plugin: bert-encoder
              params: { hidden_size: 32, layers: 1, heads: 2, ffn_size: 32 }
            task: { plugin: synthetic-agreement, params: { train_size: 20, dev_size: 10, test_size: 10 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 2
          mixed:
            kind: multitask
            from: pretrain
            tasks:
              topic: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 10, test_size: 10 } }
              agreement: { plugin: synthetic-agreement, params: { train_size: 20, dev_size: 10, test_size: 10 } }
            optimizer: { type: adamw, lr: 3.0e-3 }
            steps: 2
          adapted:
            kind: finetune
            from: pretrain
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 10, test_size: 10 } }
            lora: { rank: 2, alpha: 4, dropout: 0.1, targets: [layers.*.attention.query] }
            steps: 2
          fused:
            kind: fuse
            from: [target, mixed]
            weights: [1, 3]
          check:
            kind: evaluate
            from: target
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 10, test_size: 10 } }
          majority:
            kind: baseline
            method: majority
            task: { plugin: synthetic-topic, params: { train_per_class: 4, dev_size: 10, test_size: 10 } }
            train_examples: 8
        """;

    [Fact]
    public void EveryStageFieldIsKeyedOrDeclaredResultNeutral()
    {
        using var temp = new TempDirectory();
        var (recipe, _) = RecipeLoader.Load(temp.Write("keys.yaml", Recipe), [], [Paths.BuiltInPlugins]);
        var donors = recipe.Components.DistinctBy(c => c.Identity).ToList();
        var unkeyed = new List<string>();
        var neutralButKeyed = new List<string>();
        // Each stage record type's fields, by name; a field counts as keyed when changing it changes the key of a stage that has it.
        var fields = recipe.Stages.Select(s => s.GetType()).Distinct().SelectMany(type => Fields(type, "").Select(f => (Type: type, f.Field, f.Mutate)));
        foreach (var group in fields.GroupBy(f => f.Field))
        {
            var field = group.Key;
            var changed = group.Any(f => recipe.Stages.Where(s => s.GetType() == f.Type)
                .Any(stage => f.Mutate(stage, donors) is Stage other && Key(recipe, other) != Key(recipe, stage)));
            var neutral = StageKey.ResultNeutral.Contains(Snake(field));
            if (!changed && !neutral) unkeyed.Add(field);
            if (changed && neutral) neutralButKeyed.Add(field);
        }
        Assert.True(unkeyed.Count == 0, $"stage fields in neither the key nor StageKey.ResultNeutral: {string.Join(", ", unkeyed)}");
        Assert.True(neutralButKeyed.Count == 0, $"fields declared result-neutral but keyed: {string.Join(", ", neutralButKeyed)}");
    }

    [Fact]
    public void TheNeutralFieldsAndTheCheckpointFolderLeaveTheKeyAlone()
    {
        using var temp = new TempDirectory();
        var (recipe, _) = RecipeLoader.Load(temp.Write("keys.yaml", Recipe), [], [Paths.BuiltInPlugins]);
        var stage = Assert.IsType<TrainingStage>(recipe.Stages.Single(s => s.Name == "target"));
        var training = stage.Training;
        Assert.Equal(Key(recipe, stage), Key(recipe, stage with { Training = training with { LogEvery = training.LogEvery + 7, CheckpointEvery = training.CheckpointEvery + 3 } }));
        Assert.NotEqual(Key(recipe, stage), Key(recipe, stage with { Training = training with { Optimizer = training.Optimizer with { Lr = training.Optimizer.Lr * 2 } } }));
    }

    private static string Key(Recipe recipe, Stage stage) =>
        StageKey.Material(stage, 5, "data", "vocabulary", 24, stage.Model ?? recipe.Model, ["upstream"], new JsonObject { ["device"] = "cpu" });

    private static string Snake(string field) =>
        string.Concat(field.Split('.')[^1].Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));

    /// <summary>
    /// Each settable field of <paramref name="type"/> (recursing into nested records) with a function that returns a copy of
    /// its owner whose field holds another value, or null when the field cannot change there.
    /// </summary>
    private static IEnumerable<(string Field, Func<object, List<Component>, object?> Mutate)> Fields(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is not null))
        {
            var name = prefix + property.Name;
            if (IsRecord(property.PropertyType))
                foreach (var (inner, mutate) in Fields(property.PropertyType, name + "."))
                    yield return (inner, (owner, donors) => Replace(owner, property, value => value is null ? null : mutate(value, donors)));
            else
                yield return (name, (owner, donors) => Replace(owner, property, value => Other(property.PropertyType, value, donors)));
        }
    }

    private static object? Replace(object owner, PropertyInfo property, Func<object?, object?> change)
    {
        var value = change(property.GetValue(owner));
        if (value is null) return null;
        var copy = owner.GetType().GetMethod("<Clone>$")!.Invoke(owner, null)!;
        property.SetValue(copy, value);
        return copy;
    }

    private static bool IsRecord(Type type) => type.GetMethod("<Clone>$") is not null;

    /// <summary>Another value of the same type: a changed number, flag, text or list, the next enum value, another component.</summary>
    private static object? Other(Type type, object? value, List<Component> donors)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return value switch
        {
            _ when plain == typeof(bool) => !(bool)(value ?? false),
            _ when plain == typeof(int) => (int)(value ?? 0) + 1,
            _ when plain == typeof(long) => (long)(value ?? 0L) + 1,
            _ when plain == typeof(double) => (double)(value ?? 0.0) + 0.25,
            _ when plain == typeof(string) => (string?)value + "x",
            _ when plain.IsEnum => Enum.GetValues(plain).Cast<object>().First(v => !v.Equals(value)),
            Component c => donors.FirstOrDefault(d => d.Plugin.Kind == c.Plugin.Kind && d.Identity != c.Identity),
            null when plain == typeof(Component) => donors.First(d => d.Plugin.Kind == Repro.Contracts.PluginKind.Model),
            _ when plain == typeof(IReadOnlyList<string>) => (IReadOnlyList<string>)[.. (IReadOnlyList<string>?)value ?? [], "x"],
            _ when plain == typeof(IReadOnlyList<double>) => (IReadOnlyList<double>)[.. (IReadOnlyList<double>?)value ?? [], 2.0],
            IReadOnlyList<Component> list => list.Count > 0 ? (IReadOnlyList<Component>)[] : null,
            IReadOnlyList<(string Name, Component Task)> tasks => tasks.Count > 1 ? (IReadOnlyList<(string, Component)>)[.. tasks.Skip(1)] : null,
            null when plain == typeof(IReadOnlyList<Component>) || plain.IsAssignableTo(typeof(IEnumerable)) => null,
            _ => throw new InvalidOperationException($"no other value for a {type.Name}: teach this test the type"),
        };
    }
}
