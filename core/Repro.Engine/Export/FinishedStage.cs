using Repro.Engine.Recipes;
using Repro.Engine.Runs;

namespace Repro.Engine.Export;

/// <summary>
/// The stage that <c>repro export</c> and <c>repro predict</c> name: one the run's recipe has, that trains a model (a baseline
/// stage has none), and that finished (its <see cref="StageRecord"/> is there, weights verified). Both commands refuse in the
/// same terms.
/// </summary>
public static class FinishedStage
{
    /// <summary>Stage <paramref name="stageName"/> of <paramref name="run"/> and its record; <paramref name="purpose"/> says what it is for ("export").</summary>
    public static (Stage Stage, StageRecord Record) Of(RunFiles run, Recipe recipe, string stageName, string purpose)
    {
        var names = recipe.Stages.Select(s => s.Name).ToList();
        var stage = recipe.Stages.FirstOrDefault(s => s.Name == stageName)
            ?? throw new ReproException($"{run.Directory} has no stage '{stageName}'; its stages are {string.Join(", ", names)}{Suggestions.DidYouMean(stageName, names)}");
        if (!stage.Facts.HasEncoder)
        {
            var models = recipe.Stages.Where(s => s.Facts.HasEncoder).Select(s => s.Name).ToList();
            throw new ReproException($"stage '{stageName}' of {run.Directory} is a {stage.Facts.Name} stage{stage.Match(_ => "", _ => "", _ => "", baseline => $" ({baseline.Method})")}: {stage.Facts.Name} stages train no model, so there is none to {purpose}"
                + (models.Count > 0 ? $"; name a stage that trains one: {string.Join(", ", models)}" : ""));
        }
        var record = StageRecord.Read(run, stageName)
            ?? throw new ReproException($"stage '{stageName}' of {run.Directory} did not finish (no {StageRecord.FileName}); there is no model to {purpose}");
        return (stage, record);
    }

    /// <summary>
    /// The stage's body and head, built by its model's plugin under <paramref name="tokenizer"/>, with the stage's weights, in
    /// evaluation mode; the caller disposes both.
    /// </summary>
    internal static (Contracts.Encoder Body, Contracts.Head Head) Load(RunFiles run, Recipe recipe, Stage stage, StageRecord record, Tokenizers.TextTokenizer tokenizer)
    {
        var model = recipe.BuiltModelOf(stage);
        var body = Models.ModelBuilder.Build(model, Models.ModelBuilder.ContextOf(model, tokenizer), stage.Name);
        Models.ModelBuilder.LoadWeights(body, run.Body(stage.Name), $"weights of stage '{stage.Name}'");
        var head = Models.ModelBuilder.CreateHead(model, body, new Contracts.HeadSpec(record.HeadTarget, record.HeadOutputs), stage.Name);
        Models.ModelBuilder.LoadWeights(head, run.Head(stage.Name), $"head weights of stage '{stage.Name}'");
        body.eval();
        head.eval();
        return (body, head);
    }
}
