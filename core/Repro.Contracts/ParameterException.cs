namespace Repro.Contracts;

/// <summary>
/// A plugin's rejection of one of its parameters (<c>heads</c> must divide <c>hidden_size</c>). Throw it from
/// <c>Validate</c>, which the host calls when it resolves a recipe, before anything is written; the host reports it
/// with exit code 2 at the parameter's <c>file:line:column</c> in the recipe (the component's, when the parameter is
/// left at its default). Thrown later (from <c>Build</c>, <c>Load</c>, ...) it is reported the same way.
/// </summary>
/// <param name="parameter">The parameter as recipes write it (<c>hidden_size</c>) or its property name (<c>HiddenSize</c>).</param>
/// <param name="message">What is wrong and how to fix it; the host adds the plugin and the parameter's position.</param>
public sealed class ParameterException(string parameter, string message) : Exception(message)
{
    /// <summary>The parameter, as the plugin named it.</summary>
    public string Parameter { get; } = parameter;
}
