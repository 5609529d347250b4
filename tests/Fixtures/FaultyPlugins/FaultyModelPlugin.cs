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
}

/// <summary>Parameters of <see cref="FaultyModelPlugin"/>.</summary>
public sealed class FaultyModelParameters
{
    [Param("How Build fails.")]
    public Failure Failure { get; set; } = Failure.Crash;

    [Param("Quoted in the failure.")]
    public string Message { get; set; } = "no reason";
}

/// <summary>A model that never builds.</summary>
[Plugin("faulty-model", "1.0.0", Description = "Test fixture: Build always throws")]
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
        Failure.RejectArgument => throw new ArgumentException($"'{parameters.Message}' is not a message this model accepts", "message"),
        _ => throw new InvalidOperationException($"build exploded: {parameters.Message}"),
    };
}
