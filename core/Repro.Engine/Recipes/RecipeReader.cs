using System.Text.RegularExpressions;
using Repro.Contracts;
using Semver;
using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Recipes;

/// <summary>
/// Turns a <see cref="RecipeDocument"/> into a <see cref="Recipe"/>: checks every key, type and range and reports all
/// problems at once. It reads where the plugins come from first, asks for the catalog they make, and binds each
/// component as it reads it (<see cref="ComponentBinder"/>).
/// </summary>
internal static partial class RecipeReader
{
    private static readonly string[] Metrics =
        [MetricNames.Accuracy, MetricNames.Loss, MetricNames.F1, MetricNames.MacroF1, MetricNames.Matthews, MetricNames.Pearson, MetricNames.Spearman, MetricNames.Perplexity,
         MetricNames.TokenAccuracy, MetricNames.EntityPrecision, MetricNames.EntityRecall, MetricNames.EntityF1];

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,99}$")]
    private static partial Regex NamePattern();

    /// <summary>A name as an error quotes it: at most 40 characters.</summary>
    private static string Excerpt(string name) => TextExcerpt.Of(name);

    /// <param name="catalogFor">The plugin catalog of the recipe's plugin sources.</param>
    /// <param name="info">Hears what binding did besides reading (a known model imported into the store).</param>
    public static Recipe Read(RecipeDocument document, Func<PluginSources, Plugins.PluginCatalog> catalogFor, List<Diagnostic> problems, Action<string>? info = null)
    {
        var root = new MappingReader(document, document.Root, "recipe", problems);
        var sources = PluginSources.Read(root);
        var binder = new ComponentBinder(catalogFor(sources), document, sources, problems, info ?? (_ => { }));
        var name = root.String("name", required: true) ?? "unnamed";
        if (root.Get("name") is { } nameNode && !NamePattern().IsMatch(name))
            root.Problem(nameNode, $"recipe.name '{Excerpt(name)}' must be 1 to 100 lower-case letters, digits, '.', '_' or '-'");
        var version = ReadVersion(root);
        // name@version names the runs folder; most file systems allow 255 bytes for one name.
        if (root.Get("version") is { } versionNode && System.Text.Encoding.UTF8.GetByteCount($"{name}@{version}") > 200)
            root.Problem(versionNode, $"recipe.name and recipe.version together ('{Excerpt($"{name}@{version}")}') are longer than 200 bytes; they name the runs folder");
        var description = root.String("description") ?? "";
        var claim = root.String("claim");
        var seeds = ReadSeeds(root);
        var device = root.String("device") ?? "cpu";
        if (root.Get("device") is { } deviceNode && !DeviceName().IsMatch(device))
            root.Problem(deviceNode, $"recipe.device must be cpu, cuda or cuda:N, not '{device}'");
        var threads = root.Int("threads", min: 1, max: 512) ?? 1;
        var model = ReadComponent(root, "model", "recipe", PluginKind.Model, binder);
        var stagesNode = root.Mapping("stages", required: true);
        var stages = stagesNode is null ? [] : ReadStages(stagesNode, root.Has("model"), model, binder);
        var tokenizer = ReadTokenizer(root, stages);
        var tolerances = ReadTolerances(root);
        var analysis = AnalysisReader.Read(root, stages, Metrics);
        var sweep = SweepReader.Read(root, analysis, stages);
        var executor = Slurm.ExecutorReader.Read(root);
        root.RejectUnknownKeys();
        return new Recipe(document, name, version, description, claim, seeds, device, threads, sources, tokenizer, model, stages, tolerances, analysis, sweep, executor);
    }

    /// <summary>
    /// A finished run's <c>recipe.yaml</c>, as the statistics read it: components bound from the built-in plugins and the
    /// recipe's plugin_paths. A package plugin's components are not restored and stay unbound (a problem in <paramref name="problems"/>).
    /// </summary>
    public static Recipe ReadRecorded(string path, List<Diagnostic> problems) =>
        Read(RecipeDocument.Load(path, []), sources => Plugins.PluginCatalog.Load(sources.Paths.Where(p => File.Exists(p) || Directory.Exists(p))), problems);

    [GeneratedRegex("^(cpu|cuda(:[0-9]+)?)$")]
    private static partial Regex DeviceName();

    private static SemVersion ReadVersion(MappingReader root)
    {
        var text = root.String("version", required: true);
        if (text is null) return new SemVersion(0, 0, 0);
        if (SemVersion.TryParse(text, SemVersionStyles.Strict, out var version)) return version;
        root.Problem(root.Get("version")!, $"recipe.version must be a semantic version like 1.0.0, not '{text}'");
        return new SemVersion(0, 0, 0);
    }

    private static IReadOnlyList<long> ReadSeeds(MappingReader root)
    {
        if (root.Has("seed") && root.Has("seeds"))
            root.Problem(root.Get("seeds")!, "give either recipe.seed or recipe.seeds, not both");
        var seed = root.Long("seed", min: 0);
        var list = root.Sequence("seeds");
        if (list is null) return [seed ?? 1];
        var seeds = new List<long>();
        foreach (var item in list)
        {
            if (item is YamlScalarNode { Value: { } s } && long.TryParse(s, out var v) && v >= 0) seeds.Add(v);
            else root.Problem(item, "recipe.seeds must be a list of non-negative integers");
        }
        if (seeds.Count == 0) root.Problem(list, "recipe.seeds is empty");
        if (seeds.Distinct().Count() != seeds.Count) root.Problem(list, "recipe.seeds has duplicates");
        return seeds.Count == 0 ? [1] : seeds;
    }

    /// <summary><c>verify: { tolerances: { "stage/split/metric glob": { abs, rel, std } } }</c>.</summary>
    private static List<ToleranceRule> ReadTolerances(MappingReader root)
    {
        var rules = new List<ToleranceRule>();
        var verify = root.Mapping("verify");
        if (verify is null) return rules;
        var tolerances = verify.Mapping("tolerances");
        if (tolerances is not null)
            foreach (var (key, value) in tolerances.Node.Children)
            {
                var pattern = (key as YamlScalarNode)?.Value ?? "";
                tolerances.Get(pattern);
                if (value is not YamlMappingNode mapping)
                {
                    root.Problem(value, $"verify.tolerances.{pattern} must be a mapping with abs, rel and/or std");
                    continue;
                }
                var rule = new MappingReader(root.Document, mapping, $"verify.tolerances.{pattern}", root.Problems);
                var tolerance = new ToleranceRule(pattern, rule.Double("abs", min: 0), rule.Double("rel", min: 0), rule.Double("std", min: 0));
                if (tolerance is { Abs: null, Rel: null, Std: null }) root.Problem(mapping, $"verify.tolerances.{pattern} needs abs, rel or std");
                if (pattern.Count(c => c == '/') != 2 && pattern != "*")
                    root.Problem(key, $"verify.tolerances: '{pattern}' must look like stage/split/metric (globs allowed), e.g. target/test/accuracy or */*/*");
                rule.RejectUnknownKeys();
                rules.Add(tolerance);
            }
        verify.RejectUnknownKeys();
        return rules;
    }

    private static TokenizerSpec ReadTokenizer(MappingReader root, IReadOnlyList<Stage> stages)
    {
        var firstStage = stages.Count > 0 ? stages[0].Name : "";
        var t = root.Mapping("tokenizer");
        if (t is null) return new TokenizerSpec(TokenizerType.Words, firstStage, 64, 1, true);
        if (t.String("from", allowed: ["model"]) is not null)
        {
            // The checkpoint's own tokenizer (vocab.txt + tokenizer_config.json), found when the model is resolved.
            foreach (var key in new[] { "type", "vocab", "merges", "lowercase" })
                if (t.Get(key) is { } fixedByModel)
                    t.Problem(fixedByModel, $"tokenizer.{key} comes from the model's checkpoint with 'from: model'; remove it");
            var fromModel = new TokenizerSpec(TokenizerType.WordPiece, t.String("vocabulary_from") ?? firstStage, t.Int("max_length", min: 4, max: 8192) ?? 128,
                t.Int("min_count", min: 1) ?? 1, Lowercase: true, Prune: t.Bool("prune") ?? false, FromModel: true);
            if (!fromModel.Prune && t.Get("min_count") is { } countNode)
                t.Problem(countNode, "tokenizer.min_count needs prune: true (without pruning every token of the checkpoint's vocabulary is kept)");
            t.RejectUnknownKeys();
            return fromModel;
        }
        var type = t.Choice("type", Enum.GetValues<TokenizerType>()) ?? TokenizerType.Words;
        var words = type == TokenizerType.Words;
        var prune = t.Bool("prune") ?? false;
        var spec = new TokenizerSpec(
            type,
            t.String("vocabulary_from") ?? firstStage,
            t.Int("max_length", min: 4, max: 8192) ?? 64,
            t.Int("min_count", min: 1) ?? 1,
            // Cased GPT-2 and BPE vocabularies are the common case; BERT vocabularies mostly uncased.
            t.Bool("lowercase") ?? type is TokenizerType.Words or TokenizerType.WordPiece,
            TokenizerFile(t, "vocab", needed: type is TokenizerType.WordPiece or TokenizerType.Bpe, type),
            TokenizerFile(t, "merges", needed: type == TokenizerType.Bpe, type),
            prune);
        if (t.Get("vocabulary_from") is { } at && stages.All(s => s.Name != spec.VocabularyFrom))
            t.Problem(at, $"tokenizer.vocabulary_from names no stage: '{spec.VocabularyFrom}'{Suggestions.DidYouMean(spec.VocabularyFrom, stages.Select(s => s.Name))}");
        if (t.Get("vocabulary_from") is { } fromAt && stages.FirstOrDefault(s => s.Name == spec.VocabularyFrom) is { Facts.Tasks: not StageTasks.One } noSingleTask)
            t.Problem(fromAt, $"tokenizer.vocabulary_from: '{spec.VocabularyFrom}' is a {noSingleTask.Facts.Name} stage, not one task whose text defines the vocabulary; name a stage with one task");
        if (words && t.Get("prune") is { } pruneNode)
            t.Problem(pruneNode, "tokenizer.prune is for gpt2, wordpiece and bpe: a words vocabulary is always the corpus's words");
        if (!words && !prune && t.Get("min_count") is { } minCountNode)
            t.Problem(minCountNode, $"tokenizer.min_count needs prune: true for type {MappingReader.Name(type)} (without pruning every library token is kept)");
        t.RejectUnknownKeys();
        return spec;
    }

    /// <summary>A tokenizer file field: relative to the recipe, required or refused by the type, and present on disk.</summary>
    private static string? TokenizerFile(MappingReader t, string key, bool needed, TokenizerType type)
    {
        var text = t.String(key);
        var node = t.Get(key);
        if (text is null)
        {
            if (needed && node is null) t.Problem(t.Node, $"tokenizer type {MappingReader.Name(type)} needs '{key}' (a file path, relative to the recipe)");
            return null;
        }
        if (!needed)
        {
            t.Problem(node!, $"tokenizer.{key} is not used by type {MappingReader.Name(type)} (vocab: wordpiece and bpe; merges: bpe)");
            return null;
        }
        var path = Path.GetFullPath(Path.Combine(t.Document.Directory, text));
        if (!File.Exists(path)) t.Problem(node!, $"tokenizer.{key}: no such file: {path}");
        return path;
    }

    private static List<Stage> ReadStages(MappingReader stagesNode, bool recipeHasModel, Component? recipeModel, ComponentBinder binder)
    {
        var stages = new List<Stage>();
        foreach (var (key, value) in stagesNode.Node.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            stagesNode.Get(name);
            if (!NamePattern().IsMatch(name))
                stagesNode.Problem(key, $"stage name '{Excerpt(name)}' must be 1 to 100 lower-case letters, digits, '.', '_' or '-'");
            if (value is not YamlMappingNode mapping)
            {
                stagesNode.Problem(value, $"stages.{name} must be a mapping (kind:, task:, ...)");
                continue;
            }
            var s = new MappingReader(stagesNode.Document, mapping, $"stages.{name}", stagesNode.Problems);
            if (!recipeHasModel && !s.Has("model") && !s.Has("from") && StageKinds.Named(s.String("kind")) is not { HasEncoder: false })
                stagesNode.Problem(key, $"stages.{name} has no model: give recipe.model, stages.{name}.model or stages.{name}.from");
            stages.Add(ReadStage(s, name, stages, recipeModel, binder));
        }
        if (stagesNode.Node.Children.Count == 0) stagesNode.Problem(stagesNode.Node, "recipe.stages is empty");
        return stages;
    }

    /// <summary><c>pairing:</c> task (default), stage, or a group name.</summary>
    private static string ReadPairing(MappingReader s, string context)
    {
        var pairing = s.String("pairing") ?? "task";
        if (s.Get("pairing") is { } node && !NamePattern().IsMatch(pairing))
            s.Problem(node, $"{context}.pairing must be task, stage or a group name (lower-case letters, digits, '.', '_' or '-'), not '{pairing}'");
        return pairing;
    }

    private static Stage ReadStage(MappingReader s, string name, List<Stage> earlier, Component? recipeModel, ComponentBinder binder)
    {
        var context = $"stages.{name}";
        var kindText = s.String("kind", required: true, allowed: StageKinds.Names);
        // A missing or unknown kind (reported) is read as finetune, so the stage's other fields are still checked.
        var facts = StageKinds.Named(kindText) ?? StageKinds.Of(StageKind.Finetune);
        // Every named kind has an arm and there is no discard arm: a kind added to StageKind is error CS8509 here.
#pragma warning disable CS8524
        return facts.Kind switch
        {
            StageKind.Baseline => ReadBaselineStage(s, name, facts, binder),
            StageKind.Fuse => ReadFuseStage(s, name, facts, ReadFrom(s, context, facts, earlier), earlier),
            StageKind.Pretrain or StageKind.Finetune or StageKind.Multitask or StageKind.Evaluate =>
                ReadEncoderStage(s, name, facts, ReadFrom(s, context, facts, earlier), earlier, recipeModel, binder),
        };
#pragma warning restore CS8524
    }

    /// <summary>A stage that trains (a <see cref="TrainingStage"/>) or evaluates (an <see cref="EvaluateStage"/>) an encoder on its task(s).</summary>
    private static Stage ReadEncoderStage(MappingReader s, string name, StageKindFacts facts, List<string> from, List<Stage> earlier, Component? recipeModel,
        ComponentBinder binder)
    {
        var context = $"stages.{name}";
        var (tasks, mixture) = facts.Tasks == StageTasks.Several ? ReadMixture(s, context, binder) : (OneTask(s, name, context, binder), null);
        var model = ReadComponent(s, "model", context, PluginKind.Model, binder);
        if (from.Count > 0 && model is not null)
            s.Problem(s.Get("model")!, $"{context} has both 'from' and 'model': a stage either starts from an earlier stage or builds a new model");
        if (facts.From == StageFrom.One && from.Count == 0)
            s.Problem(s.Node, $"{context} is an {facts.Name} stage and needs 'from': the stage whose model it evaluates");
        if (facts.ReusesUpstreamHead && earlier.FirstOrDefault(e => from.Contains(e.Name)) is { Facts.Tasks: not StageTasks.One } headless)
            s.Problem(s.Get("from")!, $"{context} evaluates '{headless.Name}', a {headless.Facts.Name} stage, which has no single task head; fine-tune from it instead");
        if (facts.Tasks == StageTasks.Several && s.Get("regularizers") is { } regularizersNode)
            s.Problem(regularizersNode, $"{context} is a {facts.Name} stage: regularizers apply to single-task stages only");

        var steps = s.Int("steps", min: 1);
        var epochs = s.Int("epochs", min: 1);
        if (facts.Trains && steps is null && epochs is null && !s.Has("steps") && !s.Has("epochs"))
            s.Problem(s.Node, $"{context} needs a budget: 'steps' or 'epochs'");
        if (steps is not null && epochs is not null)
            s.Problem(s.Get("epochs")!, $"{context} has both 'steps' and 'epochs'; give one");
        if (!facts.Trains && (s.Has("steps") || s.Has("epochs") || s.Has("optimizer")))
            s.Problem(s.Node, $"{context} is an {facts.Name} stage: it takes no steps, epochs or optimizer");

        var trainExamples = ReadTrainExamples(s, context);
        // Read in this order whatever the kind (an evaluate stage checks, and then ignores, what only training uses).
        var optimizer = ReadOptimizer(s, context);
        var schedule = ReadSchedule(s, context);
        var batchSize = s.Int("batch_size", min: 1, max: 65536) ?? 32;
        var gradClip = s.Double("grad_clip", min: 0) ?? 1.0;
        var maskProbability = s.Double("mask_probability", min: 0.01, max: 0.9) ?? TrainingSettings.DefaultMaskProbability;
        var eval = ReadEval(s, context);
        var logEvery = s.Int("log_every", min: 1) ?? 10;
        var checkpointEvery = s.Int("checkpoint_every", min: 0) ?? 100;
        var regularizers = ReadRegularizers(s, context, facts, binder);
        var (seed, nested) = ReadSeed(s);
        var pairing = ReadPairing(s, context);
        var freeze = ReadFreeze(s, context, facts);
        var stageModel = model ?? (from.Count == 0 ? recipeModel
            : earlier.FirstOrDefault(e => e.Name == from[0]) is { } upstream ? Recipe.ModelOf(upstream, earlier, recipeModel) : null);
        var lora = ReadLora(s, context, facts);
        Contracts.TargetKind? objective = facts.LanguageModel ? ReadObjective(s, context, stageModel) : null;
        Stage stage = facts.Trains
            ? new TrainingStage(name, facts.Kind, tasks, model, from, seed, pairing, eval,
                new TrainingSettings(optimizer, schedule, steps, epochs, batchSize, gradClip, maskProbability, logEvery, checkpointEvery, regularizers,
                    trainExamples, freeze, objective, lora), mixture)
            : new EvaluateStage(name, tasks, model, from, seed, pairing, eval);
        stage = stage with { NestedSeeds = nested };
        if (!facts.LearnsFromTrainSplit && s.Has("train_examples"))
            s.Problem(s.Get("train_examples")!, $"{context} is an {facts.Name} stage: it has no training examples to limit");
        foreach (var key in new[] { "mask_probability", "objective" })
            if (!facts.LanguageModel && s.Has(key))
                s.Problem(s.Get(key)!, $"{context}.{key} applies to {Listed(k => k.LanguageModel, "and")} stages only");
        s.RejectUnknownKeys();
        return stage;
    }

    /// <summary>
    /// A language-modelling stage's objective: <c>objective:</c>, else masked LM when it sets <c>mask_probability</c>, else its
    /// model's. An objective the model cannot train (masked LM on a causal decoder, or the reverse) is a problem at the field.
    /// </summary>
    private static Contracts.TargetKind ReadObjective(MappingReader s, string context, Component? model)
    {
        var natural = LanguageModelObjective.Of(model);
        var named = LanguageModelObjective.Parse(s.String("objective", allowed: LanguageModelObjective.Names));
        var masking = s.Get("mask_probability");
        if (named == Contracts.TargetKind.CausalLm && masking is not null)
            s.Problem(masking, $"{context}.mask_probability applies to a masked-LM objective, but {context}.objective is causallm; remove mask_probability");
        var asked = named ?? (masking is null ? natural : Contracts.TargetKind.MaskedLm);
        if (model is not null && asked != natural)
            s.Problem(s.Get("objective") ?? masking!,
                $"{context} trains a {LanguageModelObjective.Name(asked)} objective{(named is null ? " (mask_probability is a masked-LM setting)" : "")}, " +
                $"but model '{model.Id}' learns text as {LanguageModelObjective.Name(natural)} " +
                $"({(natural == Contracts.TargetKind.CausalLm ? "a causal decoder sees no later tokens, so it cannot fill in masked ones" : "a bidirectional encoder sees the next token, so it cannot be trained to predict it")}); " +
                $"remove {(named is null ? "mask_probability" : "objective")}");
        return asked;
    }

    /// <summary>The names of the kinds with a fact, as an error lists them: <c>a, b and c</c> (or <c>or</c>).</summary>
    private static string Listed(Func<StageKindFacts, bool> which, string conjunction)
    {
        var names = StageKinds.All.Where(which).Select(k => k.Name).ToList();
        return names.Count < 2 ? string.Concat(names) : $"{string.Join(", ", names[..^1])} {conjunction} {names[^1]}";
    }

    [GeneratedRegex("^([A-Za-z0-9_]+|\\*)(\\.([A-Za-z0-9_]+|\\*))*$")]
    private static partial Regex ParameterPrefix();

    /// <summary>A single-task stage's <c>task:</c>, a list of one named after the stage (empty when it cannot be bound).</summary>
    private static List<(string, Component)> OneTask(MappingReader s, string name, string context, ComponentBinder binder)
    {
        if (!s.Has("task")) s.Problem(s.Node, $"{context} needs 'task'");
        return ReadComponent(s, "task", context, PluginKind.Task, binder) is { } task ? [(name, task)] : [];
    }

    /// <summary><c>freeze: [embeddings, encoder.layer.0, layers.*.attention]</c>: body parameter name prefixes a training stage keeps fixed.</summary>
    private static IReadOnlyList<string>? ReadFreeze(MappingReader s, string context, StageKindFacts facts)
    {
        if (s.Get("freeze") is not { } node) return null;
        if (!facts.Trains)
        {
            s.Problem(node, $"{context}.freeze applies to stages that train ({string.Join(", ", StageKinds.All.Where(k => k.Trains).Select(k => k.Name))})");
            return null;
        }
        var list = s.StringList("freeze");
        if (list is null) return null;
        var items = ((YamlSequenceNode)node).Children.OfType<YamlScalarNode>().ToList();
        for (var i = 0; i < list.Count; i++)
            if (!ParameterPrefix().IsMatch(list[i]))
                s.Problem(items[i], $"{context}.freeze: '{list[i]}' is not a parameter name prefix like embeddings, encoder.layer.0 or layers.*.attention (* stands for one part)");
            else if (list.Take(i).Contains(list[i]))
                s.Problem(items[i], $"{context}.freeze lists '{list[i]}' twice");
        return list.Count == 0 ? null : list;
    }

    /// <summary>
    /// <c>lora: { rank: 8, alpha: 16, dropout: 0.1, targets: [layers.*.attention.query, layers.*.attention.value] }</c>:
    /// low-rank adapters on the body's Linear layers (<see cref="LoraSpec"/>); it freezes the whole body, so it does not go with <c>freeze:</c>.
    /// </summary>
    private static LoraSpec? ReadLora(MappingReader s, string context, StageKindFacts facts)
    {
        if (s.Get("lora") is not { } node) return null;
        if (!facts.Trains)
        {
            s.Problem(node, $"{context}.lora applies to stages that train ({string.Join(", ", StageKinds.All.Where(k => k.Trains).Select(k => k.Name))})");
            return null;
        }
        if (s.Get("freeze") is { } freeze)
            s.Problem(freeze, $"{context}.freeze: a lora stage already keeps every body weight fixed and trains only its adapters and heads; remove 'freeze'");
        var lora = s.Mapping("lora");
        if (lora is null) return null;
        var where = $"{context}.lora";
        var rank = lora.Int("rank", required: true, min: 1, max: 65536);
        var alpha = lora.Double("alpha", min: 0);
        if (alpha == 0) lora.Problem(lora.Get("alpha")!, $"{where}.alpha must be greater than 0");
        var dropout = lora.Double("dropout", min: 0, max: 1) ?? 0;
        if (dropout >= 1) lora.Problem(lora.Get("dropout")!, $"{where}.dropout must be below 1");
        var targets = lora.StringList("targets");
        if (targets is null && !lora.Has("targets")) lora.Problem(lora.Node, $"{where} needs 'targets': the Linear layers to adapt, e.g. [layers.*.attention.query, layers.*.attention.value]");
        if (targets is { Count: 0 }) lora.Problem(lora.Get("targets")!, $"{where}.targets is empty: name at least one Linear layer to adapt");
        if (targets is not null)
        {
            var items = ((YamlSequenceNode)lora.Get("targets")!).Children.ToList();
            for (var i = 0; i < targets.Count; i++)
                if (!ParameterPrefix().IsMatch(targets[i]))
                    lora.Problem(items[i], $"{where}.targets: '{targets[i]}' is not a module name pattern like layers.*.attention.query (* stands for one part)");
                else if (targets.Take(i).Contains(targets[i]))
                    lora.Problem(items[i], $"{where}.targets lists '{targets[i]}' twice");
        }
        lora.RejectUnknownKeys();
        return rank is { } r && targets is { Count: > 0 } && alpha is not 0 && dropout < 1
            ? new LoraSpec(r, alpha ?? r, dropout, targets) : null;
    }

    private static readonly string[] Draws = ["fixed", "seed"];

    /// <summary>A stage's <c>seed: N</c> (pinned) or <c>seed: { nested: K }</c> (K ≥ 2 seeds of its own, see <see cref="Stage.NestedSeeds"/>).</summary>
    private static (long? Pinned, int? Nested) ReadSeed(MappingReader s)
    {
        if (s.Get("seed") is not YamlMappingNode) return (s.Long("seed", min: 0), null);
        var seed = s.Mapping("seed")!;
        var nested = seed.Int("nested", required: true, min: 2);
        seed.RejectUnknownKeys();
        return (null, nested);
    }

    /// <summary><c>train_examples: N</c> (the same N examples for every seed) or <c>{ count: N, draw: fixed | seed }</c>.</summary>
    private static TrainSubset? ReadTrainExamples(MappingReader s, string context)
    {
        if (s.Get("train_examples") is not YamlMappingNode) return s.Int("train_examples", min: 1) is { } fixedCount ? new TrainSubset(fixedCount, false) : null;
        var subset = s.Mapping("train_examples")!;
        var count = subset.Int("count", required: true, min: 1);
        var draw = subset.String("draw", allowed: Draws) ?? "fixed";
        subset.RejectUnknownKeys();
        return count is { } n ? new TrainSubset(n, draw == "seed") : null;
    }

    /// <summary>A multitask stage's <c>tasks: { name: component, ... }</c> (at least two), <c>sampling</c> and <c>loss_scaling</c>.</summary>
    private static (List<(string, Component)>, TaskMixture) ReadMixture(MappingReader s, string context, ComponentBinder binder)
    {
        if (s.Get("task") is { } single) s.Problem(single, $"{context} is a multitask stage: name its tasks under 'tasks', each with its own head");
        var tasks = new List<(string, Component)>();
        var mapping = s.Mapping("tasks");
        if (mapping is null) s.Problem(s.Node, $"{context} is a multitask stage and needs 'tasks': {{ name: task, ... }} with at least two tasks");
        else
        {
            foreach (var (key, value) in mapping.Node.Children)
            {
                var name = (key as YamlScalarNode)?.Value ?? "";
                mapping.Get(name);
                if (!NamePattern().IsMatch(name)) mapping.Problem(key, $"{context}.tasks: task name '{Excerpt(name)}' must be 1 to 100 lower-case letters, digits, '.', '_' or '-'");
                else if (name.Contains('.')) mapping.Problem(key, $"{context}.tasks: task name '{name}' must not contain '.': metrics are named task.split");
                if (ReadComponentNode(mapping, value, $"{context}.tasks.{name}", PluginKind.Task, binder) is { } component) tasks.Add((name, component));
            }
            if (mapping.Node.Children.Count < 2) mapping.Problem(mapping.Node, $"{context}.tasks needs at least two tasks; a single task is a finetune stage");
        }
        return (tasks, new TaskMixture(s.Choice("sampling", Enum.GetValues<TaskSampling>()) ?? TaskSampling.Proportional,
            s.Choice("loss_scaling", Enum.GetValues<LossScaling>()) ?? LossScaling.Classes));
    }

    /// <summary><c>from: stage</c>, or for a fuse stage <c>from: [a, b, ...]</c>; every name an earlier stage.</summary>
    private static List<string> ReadFrom(MappingReader s, string context, StageKindFacts facts, List<Stage> earlier)
    {
        var node = s.Get("from");
        if (node is null)
        {
            if (facts.From == StageFrom.Several) s.Problem(s.Node, $"{context} is a fuse stage and needs 'from': a list of the stages whose bodies it averages");
            return [];
        }
        List<string> names;
        if (facts.From == StageFrom.Several)
        {
            names = s.StringList("from")?.ToList() ?? [];
            if (node is YamlSequenceNode && names.Count < 2)
                s.Problem(node, $"{context}.from must list at least two earlier stages to average, e.g. [a, b]");
            if (names.Distinct().Count() != names.Count) s.Problem(node, $"{context}.from names a stage twice; give weights instead");
        }
        else
        {
            if (node is YamlSequenceNode) s.Problem(node, $"{context}.from must be one stage; only fuse stages start from several");
            names = s.String("from") is { } one ? [one] : [];
        }
        foreach (var noEncoder in earlier.Where(e => !e.Facts.HasEncoder && names.Contains(e.Name)))
            s.Problem(node, $"{context}.from: '{noEncoder.Name}' is a {noEncoder.Facts.Name} stage; it has no encoder to start from");
        var known = earlier.Select(e => e.Name).ToList();
        foreach (var name in names.Where(n => !known.Contains(n)))
            s.Problem(node, $"{context}.from names no earlier stage: '{name}'" +
                (known.Count == 0 ? " (this is the first stage)" : $"; earlier stages: {string.Join(", ", known)}{Suggestions.DidYouMean(name, known)}"));
        return names;
    }

    /// <summary>A fuse stage: <c>from</c> and optional <c>weights</c>, nothing that trains.</summary>
    private static FuseStage ReadFuseStage(MappingReader s, string name, StageKindFacts facts, List<string> from, List<Stage> earlier)
    {
        var context = $"stages.{name}";
        List<double>? weights = null;
        if (s.Sequence("weights") is { } list)
        {
            weights = [];
            foreach (var item in list)
                if (item is YamlScalarNode { Value: { } text } && double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var w) && w >= 0 && double.IsFinite(w))
                    weights.Add(w);
                else s.Problem(item, $"{context}.weights must be non-negative numbers");
            if (weights.Count != from.Count) s.Problem(list, $"{context}.weights has {weights.Count} values for {from.Count} stages in 'from'");
            else if (weights.Sum() <= 0) s.Problem(list, $"{context}.weights must not all be zero");
            else if (!double.IsFinite(weights.Sum())) s.Problem(list, $"{context}.weights sum to more than a double can hold; scale them down (only their ratios count)");
        }
        foreach (var source in earlier.Where(e => from.Contains(e.Name) && e.Facts is { HasEncoder: true, SavesOwnWeights: false }))
            s.Problem(s.Get("from")!, $"{context}.from: '{source.Name}' is an {source.Facts.Name} stage; it trains no weights of its own to average");
        foreach (var key in s.Node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!).Where(k => !facts.OnlyKeys!.Contains(k)))
            s.Problem(s.Get(key)!, $"{context} is a fuse stage: it takes only 'from' and 'weights', not '{key}' (it trains nothing; fine-tune from it in a later stage)");
        s.RejectUnknownKeys();
        return new FuseStage(name, from, weights);
    }

    /// <summary>A baseline stage: a task, a method, and what selects and evaluates its examples; no model, nothing upstream.</summary>
    private static BaselineStage ReadBaselineStage(MappingReader s, string name, StageKindFacts facts, ComponentBinder binder)
    {
        var context = $"stages.{name}";
        var tasks = OneTask(s, name, context, binder);
        var method = s.String("method", required: true, allowed: Baselines.TextBaselines.Methods);
        var trainExamples = ReadTrainExamples(s, context);
        var keys = facts.OnlyKeys!;
        foreach (var key in s.Node.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value!).Where(k => !keys.Contains(k)))
            s.Problem(s.Get(key)!, $"{context} is a {facts.Name} stage: it takes only {string.Join(", ", keys.Skip(1))}, not '{key}' (it trains no encoder)");
        var eval = ReadEval(s, context);
        var (seed, nested) = ReadSeed(s);
        var stage = new BaselineStage(name, tasks, seed, ReadPairing(s, context), eval, method ?? "majority", trainExamples) { NestedSeeds = nested };
        s.RejectUnknownKeys();
        return stage;
    }

    private static OptimizerSpec ReadOptimizer(MappingReader s, string context)
    {
        var o = s.Mapping("optimizer");
        if (o is null) return new OptimizerSpec(OptimizerType.AdamW, 5e-5, 0.0, 0.9, 0.999, 1e-8, 0.9, false);
        var type = o.Choice("type", OptimizerType.AdamW, OptimizerType.Sgd) ?? OptimizerType.AdamW;
        var spec = new OptimizerSpec(
            type,
            o.Double("lr", min: 0, max: 10) ?? 5e-5,
            o.Double("weight_decay", min: 0) ?? 0.0,
            o.Double("beta1", min: 0, max: 0.999999) ?? 0.9,
            o.Double("beta2", min: 0, max: 0.999999) ?? 0.999,
            o.Double("eps", min: 0) ?? 1e-8,
            o.Double("momentum", min: 0, max: 0.999999) ?? 0.9,
            o.Bool("nesterov") ?? false);
        foreach (var key in type == OptimizerType.Sgd ? new[] { "beta1", "beta2", "eps" } : ["momentum", "nesterov"])
            if (o.Get(key) is { } at) o.Problem(at, $"{context}.optimizer.{key} does not apply to {MappingReader.Name(type)}");
        o.RejectUnknownKeys();
        return spec;
    }

    private static ScheduleSpec ReadSchedule(MappingReader s, string context)
    {
        var o = s.Mapping("schedule");
        if (o is null) return new ScheduleSpec(ScheduleType.Linear, null, 0.0);
        var spec = new ScheduleSpec(
            o.Choice("type", ScheduleType.Linear, ScheduleType.Constant, ScheduleType.Cosine) ?? ScheduleType.Linear,
            o.Int("warmup_steps", min: 0),
            o.Double("warmup_ratio", min: 0, max: 1) ?? 0.0);
        if (o.Has("warmup_steps") && o.Has("warmup_ratio"))
            o.Problem(o.Get("warmup_ratio")!, $"{context}.schedule has both warmup_steps and warmup_ratio; give one");
        o.RejectUnknownKeys();
        return spec;
    }

    private static EvalSpec ReadEval(MappingReader s, string context)
    {
        var o = s.Mapping("eval");
        if (o is null) return new EvalSpec(0, null, null);
        var metrics = o.StringList("metrics");
        if (metrics is not null && o.Get("metrics") is YamlSequenceNode list)
            foreach (var item in list.OfType<YamlScalarNode>().Where(m => !Metrics.Contains(m.Value)))
                o.Problem(item, $"{context}.eval.metrics: unknown metric '{item.Value}'{Suggestions.DidYouMean(item.Value!, Metrics)}; known: {string.Join(", ", Metrics)}");
        var spec = new EvalSpec(o.Int("every", min: 0) ?? 0, o.StringList("splits"), metrics);
        o.RejectUnknownKeys();
        return spec;
    }

    private static List<Component> ReadRegularizers(MappingReader s, string context, StageKindFacts facts, ComponentBinder binder)
    {
        var list = s.Sequence("regularizers");
        if (list is null) return [];
        if (!facts.Trains && list.Children.Count > 0)
            s.Problem(list.Children[0], $"{context} is an {facts.Name} stage; regularizers apply only to training");
        var result = new List<Component>();
        for (var i = 0; i < list.Children.Count; i++)
            if (ReadComponentNode(s, list.Children[i], $"{context}.regularizers[{i}]", PluginKind.Regularizer, binder) is { } c) result.Add(c);
        return result;
    }

    private static Component? ReadComponent(MappingReader parent, string key, string context, PluginKind kind, ComponentBinder binder)
    {
        var node = parent.Get(key);
        return node is null ? null : ReadComponentNode(parent, node, $"{context}.{key}", kind, binder);
    }

    /// <summary>
    /// A component is <c>plugin-id</c> or <c>{ plugin: plugin-id, params: { ... } }</c>; a model may add
    /// <c>checkpoint:</c>, a Hugging Face folder (relative to the recipe) or the name of an installed model.
    /// </summary>
    private static Component? ReadComponentNode(MappingReader parent, YamlNode node, string context, PluginKind kind, ComponentBinder binder)
    {
        var isModel = kind == PluginKind.Model;
        if (node is YamlScalarNode { Value: { Length: > 0 } id }) return binder.Bind(id, null, node, null, null, kind, context);
        if (node is not YamlMappingNode mapping)
        {
            parent.Problem(node, $"{context} must be a plugin id or a mapping with 'plugin' and 'params'{(isModel ? " (and optionally 'checkpoint')" : "")}");
            return null;
        }
        var reader = new MappingReader(parent.Document, mapping, context, parent.Problems);
        var plugin = reader.String("plugin", required: true);
        var parameters = reader.Mapping("params");
        var checkpoint = isModel ? reader.String("checkpoint") : null;
        reader.RejectUnknownKeys();
        return plugin is null ? null : binder.Bind(plugin, parameters?.Node, reader.Get("plugin")!, checkpoint, reader.Get("checkpoint"), kind, context);
    }
}
