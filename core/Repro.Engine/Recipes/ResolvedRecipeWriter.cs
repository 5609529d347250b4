using System.Globalization;
using Repro.Engine.Plugins;
using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Recipes;

/// <summary>
/// Writes a recipe as it ran: one seed, every default explicit, every plugin pinned to the exact
/// version that was loaded. Running this file again runs the same experiment.
/// </summary>
public static class ResolvedRecipeWriter
{
    /// <summary>The resolved recipe as YAML text.</summary>
    public static string Write(Recipe recipe, long seed) => Text(Document(recipe, seed));

    /// <summary>The resolved recipe as a YAML node; without a <c>seed</c> entry when <paramref name="seed"/> is null.</summary>
    public static YamlMappingNode Document(Recipe recipe, long? seed)
    {
        var root = new YamlMappingNode
        {
            { "name", recipe.Name },
            { "version", recipe.Version.ToString() },
            { "description", recipe.Description },
        };
        if (recipe.Claim is not null) root.Add("claim", recipe.Claim);
        if (seed is { } one) root.Add("seed", Number(one));
        root.Add("device", recipe.Device);
        root.Add("threads", Number(recipe.Threads));
        var pins = new YamlMappingNode();
        foreach (var plugin in recipe.Components.Select(c => c.Plugin).Distinct().OrderBy(p => p.Id, StringComparer.Ordinal))
            pins.Add(plugin.Id, plugin.Package is { } package
                ? new YamlMappingNode { { "package", package.Id }, { "version", package.Version }, { "sha512", package.Sha512 }, { "plugin_version", plugin.Version.ToString() } }
                : new YamlScalarNode(plugin.Version.ToString()));
        root.Add("plugins", pins);
        if (recipe.Plugins.Paths.Count > 0) root.Add("plugin_paths", new YamlSequenceNode(recipe.Plugins.Paths.Select(p => new YamlScalarNode(p))));
        root.Add("tokenizer", Tokenizer(recipe.Tokenizer));
        if (recipe.Model is not null) root.Add("model", Component(recipe.Model));
        var stages = new YamlMappingNode();
        foreach (var stage in recipe.Stages) stages.Add(stage.Name, Stage(stage));
        root.Add("stages", stages);
        if (recipe.Tolerances.Count > 0)
        {
            var tolerances = new YamlMappingNode();
            foreach (var t in recipe.Tolerances)
            {
                var rule = new YamlMappingNode();
                if (t.Abs is { } abs) rule.Add("abs", Number(abs));
                if (t.Rel is { } rel) rule.Add("rel", Number(rel));
                if (t.Std is { } std) rule.Add("std", Number(std));
                tolerances.Add(new YamlScalarNode(t.Pattern) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted }, rule);
            }
            root.Add("verify", new YamlMappingNode { { "tolerances", tolerances } });
        }
        if (recipe.Analysis is not null) root.Add("analysis", recipe.Analysis.ToYaml());
        return root;
    }

    /// <summary>A YAML node as the text this writer produces.</summary>
    public static string Text(YamlNode root)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture) { NewLine = "\n" };
        new YamlStream(new YamlDocument(root)).Save(writer, assignAnchors: false);
        return writer.ToString().Replace("\r\n", "\n").TrimEnd('.', '\n') + "\n";
    }

    private static YamlMappingNode Tokenizer(TokenizerSpec t)
    {
        if (t.FromModel)
        {
            var fromModel = new YamlMappingNode { { "from", "model" }, { "max_length", Number(t.MaxLength) }, { "prune", Bool(t.Prune) } };
            if (t.Prune)
            {
                fromModel.Add("vocabulary_from", t.VocabularyFrom);
                fromModel.Add("min_count", Number(t.MinCount));
            }
            return fromModel;
        }
        var node = new YamlMappingNode { { "type", MappingReader.Name(t.Type) } };
        if (t.Vocab is not null) node.Add("vocab", t.Vocab);
        if (t.Merges is not null) node.Add("merges", t.Merges);
        node.Add("vocabulary_from", t.VocabularyFrom);
        node.Add("max_length", Number(t.MaxLength));
        if (t.Type == TokenizerType.Words || t.Prune) node.Add("min_count", Number(t.MinCount));
        node.Add("lowercase", Bool(t.Lowercase));
        if (t.Type != TokenizerType.Words) node.Add("prune", Bool(t.Prune));
        return node;
    }

    /// <summary>A stage's <c>seed:</c> as written: nested (whatever seed a run gave it), pinned, or none.</summary>
    private static YamlNode? Seed(Stage s) =>
        s.NestedSeeds is { } count ? new YamlMappingNode { { "nested", Number(count) } } : s.Seed is { } pinned ? Number(pinned) : null;

    /// <summary><c>train_examples: N</c>, or <c>{ count: N, draw: seed }</c> for a subset drawn per run seed.</summary>
    private static YamlNode TrainExamples(TrainSubset subset) =>
        subset.PerSeed ? new YamlMappingNode { { "count", Number(subset.Count) }, { "draw", "seed" } } : Number(subset.Count);

    /// <summary>One stage as <c>recipe.yaml</c> records it: every field explicit, plugins with their bound parameters.</summary>
    public static YamlMappingNode Stage(Stage s)
    {
        var node = new YamlMappingNode { { "kind", s.Facts.Name } };
        s.Match(
            training: t => { Tasks(node, t, t.Mixture); Training(node, t); return node; },
            evaluate: e => { Tasks(node, e, null); Upstream(node, e); node.Add("eval", Eval(e.Eval)); return node; },
            fuse: f => { Fuse(node, f); return node; },
            baseline: b => { Tasks(node, b, null); Baseline(node, b); return node; });
        return node;
    }

    private static void Fuse(YamlMappingNode node, FuseStage s)
    {
        node.Add("from", new YamlSequenceNode(s.From.Select(f => new YamlScalarNode(f))));
        if (s.Weights is not null) node.Add("weights", new YamlSequenceNode(s.Weights.Select(Number)));
    }

    /// <summary><c>task:</c>, or a multitask stage's <c>tasks:</c> with how it mixes them.</summary>
    private static void Tasks(YamlMappingNode node, Stage s, TaskMixture? mixture)
    {
        if (mixture is not null)
        {
            var tasks = new YamlMappingNode();
            foreach (var (name, task) in s.NamedTasks) tasks.Add(name, Component(task));
            node.Add("tasks", tasks);
            node.Add("sampling", MappingReader.Name(mixture.Sampling));
            node.Add("loss_scaling", MappingReader.Name(mixture.LossScaling));
        }
        else node.Add("task", Component(s.NamedTasks.Single().Task));
    }

    private static void Baseline(YamlMappingNode node, BaselineStage s)
    {
        node.Add("method", s.Method);
        if (s.TrainExamples is { } subset) node.Add("train_examples", TrainExamples(subset));
        if (Seed(s) is { } seed) node.Add("seed", seed);
        node.Add("pairing", s.Pairing);
        node.Add("eval", Eval(s.Eval));
    }

    /// <summary>Where an encoder stage's model comes from, its pinned seed and its pairing.</summary>
    private static void Upstream(YamlMappingNode node, Stage s)
    {
        if (s.Model is not null) node.Add("model", Component(s.Model));
        if (s.Upstream is not null) node.Add("from", s.Upstream);
        if (Seed(s) is { } seed) node.Add("seed", seed);
        node.Add("pairing", s.Pairing);
    }

    private static void Training(YamlMappingNode node, TrainingStage stage)
    {
        Upstream(node, stage);
        var s = stage.Training;
        var o = s.Optimizer;
        var optimizer = new YamlMappingNode { { "type", MappingReader.Name(o.Type) }, { "lr", Number(o.Lr) }, { "weight_decay", Number(o.WeightDecay) } };
        if (o.Type == OptimizerType.Sgd) { optimizer.Add("momentum", Number(o.Momentum)); optimizer.Add("nesterov", Bool(o.Nesterov)); }
        else { optimizer.Add("beta1", Number(o.Beta1)); optimizer.Add("beta2", Number(o.Beta2)); optimizer.Add("eps", Number(o.Eps)); }
        node.Add("optimizer", optimizer);
        var schedule = new YamlMappingNode { { "type", MappingReader.Name(s.Schedule.Type) } };
        if (s.Schedule.WarmupSteps is { } w) schedule.Add("warmup_steps", Number(w));
        else schedule.Add("warmup_ratio", Number(s.Schedule.WarmupRatio));
        node.Add("schedule", schedule);
        if (s.Steps is { } steps) node.Add("steps", Number(steps));
        if (s.Epochs is { } epochs) node.Add("epochs", Number(epochs));
        if (s.TrainExamples is { } subset) node.Add("train_examples", TrainExamples(subset));
        node.Add("batch_size", Number(s.BatchSize));
        node.Add("grad_clip", Number(s.GradClip));
        if (s.Frozen.Count > 0) node.Add("freeze", new YamlSequenceNode(s.Frozen.Select(f => new YamlScalarNode(f))) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow });
        if (s.Lora is { } lora)
            node.Add("lora", new YamlMappingNode
            {
                { "rank", Number(lora.Rank) }, { "alpha", Number(lora.Alpha) }, { "dropout", Number(lora.Dropout) },
                { "targets", new YamlSequenceNode(lora.Targets.Select(t => new YamlScalarNode(t))) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow } },
            });
        // A masked-LM stage writes its masking as before (so its key is unchanged); a causal one names its objective.
        if (s.Objective is { } objective && objective != Contracts.TargetKind.MaskedLm) node.Add("objective", LanguageModelObjective.Name(objective));
        else if (stage.Facts.LanguageModel) node.Add("mask_probability", Number(s.MaskProbability));
        node.Add("log_every", Number(s.LogEvery));
        node.Add("checkpoint_every", Number(s.CheckpointEvery));
        node.Add("eval", Eval(stage.Eval));
        if (s.Regularizers.Count > 0) node.Add("regularizers", new YamlSequenceNode(s.Regularizers.Select(Component)));
    }

    private static YamlMappingNode Eval(EvalSpec e)
    {
        var node = new YamlMappingNode { { "every", Number(e.Every) } };
        if (e.Splits is not null) node.Add("splits", new YamlSequenceNode(e.Splits.Select(x => new YamlScalarNode(x))));
        if (e.Metrics is not null) node.Add("metrics", new YamlSequenceNode(e.Metrics.Select(x => new YamlScalarNode(x))));
        return node;
    }

    private static YamlMappingNode Component(Component c)
    {
        var parameters = new YamlMappingNode();
        foreach (var p in c.Plugin.Parameters)
        {
            var value = p.Property.GetValue(c.Parameters);
            parameters.Add(p.Name, value is Array a
                ? new YamlSequenceNode(a.Cast<object?>().Select(x => Scalar(Plugins.ParameterDescriptions.Format(x), x)))
                : Scalar(Plugins.ParameterDescriptions.Format(value), value));
        }
        var node = new YamlMappingNode { { "plugin", c.Id } };
        // The folder it resolved to: the run's recipe.yaml loads the same checkpoint from anywhere.
        if (c.Checkpoint is not null) node.Add("checkpoint", c.Checkpoint.Folder);
        node.Add("params", parameters);
        return node;
    }

    private static YamlScalarNode Scalar(string text, object? value) =>
        value is string ? new YamlScalarNode(text) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted } : new YamlScalarNode(text);

    private static YamlScalarNode Number(double v) => new(v.ToString("R", CultureInfo.InvariantCulture));
    private static YamlScalarNode Number(long v) => new(v.ToString(CultureInfo.InvariantCulture));
    private static YamlScalarNode Bool(bool v) => new(v ? "true" : "false");
}
