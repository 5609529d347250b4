using Repro.Contracts;

namespace FaultyPlugins;

/// <summary>How <see cref="FaultyModelPlugin"/> fails.</summary>
public enum Failure
{
    /// <summary>Build throws an InvalidOperationException.</summary>
    Crash,
    /// <summary>Build rejects the <c>message</c> parameter with a ParameterException.</summary>
    Reject,
    /// <summary>Build rejects the <c>message</c> parameter with an ArgumentException naming it.</summary>
    RejectArgument,
    /// <summary>Build succeeds, but the head's output has the wrong shape, so the host's loss throws.</summary>
    WrongShape,
}

/// <summary>Parameters of <see cref="FaultyModelPlugin"/>.</summary>
public sealed class FaultyModelParameters
{
    [Param("How Build fails.")]
    public Failure Failure { get; set; } = Failure.Crash;

    [Param("Quoted in the failure.")]
    public string Message { get; set; } = "no reason";
}

/// <summary>A model that fails: in Build, or (wrong_shape) in the host's loss.</summary>
[Plugin("faulty-model", "1.0.0", Description = "Test fixture: Build throws, or the model's output has the wrong shape")]
public sealed class FaultyModelPlugin : ModelPlugin<FaultyModelParameters>
{
    /// <summary>The message "invalid" is refused before anything runs, blaming <c>failure</c> (which may be left at its default).</summary>
    public override void Validate(FaultyModelParameters parameters)
    {
        if (parameters.Message == "invalid") throw new ParameterException("failure", "failure cannot go with the message 'invalid'");
    }

    public override Encoder Build(FaultyModelParameters parameters, ModelContext context) => parameters.Failure switch
    {
        Failure.Reject => throw new ParameterException(nameof(parameters.Message), $"'{parameters.Message}' is not a message this model accepts"),
        Failure.WrongShape => new WrongShapeEncoder(context.VocabularySize),
        Failure.RejectArgument => throw new ArgumentException($"'{parameters.Message}' is not a message this model accepts", "message"),
        _ => throw new InvalidOperationException($"build exploded: {parameters.Message}"),
    };
}
