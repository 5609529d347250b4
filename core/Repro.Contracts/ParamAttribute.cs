namespace Repro.Contracts;

/// <summary>
/// Documents one parameter of a plugin. Parameters are public settable properties of the plugin's
/// parameter class; the property initializer is the default. Recipes name them in snake_case
/// (<c>HiddenSize</c> → <c>hidden_size</c>).
/// </summary>
[AttributeUsage(AttributeTargets.Property, AllowMultiple = false)]
public sealed class ParamAttribute(string description) : Attribute
{
    /// <summary>One line shown by <c>repro plugins --describe</c>.</summary>
    public string Description { get; } = description;

    /// <summary>Smallest allowed value of a numeric parameter.</summary>
    public double Min { get; init; } = double.NegativeInfinity;

    /// <summary>Largest allowed value of a numeric parameter.</summary>
    public double Max { get; init; } = double.PositiveInfinity;
}

/// <summary>The parameter class of a plugin that takes none.</summary>
public sealed class NoParameters;
