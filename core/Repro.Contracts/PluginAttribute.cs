namespace Repro.Contracts;

/// <summary>
/// Marks a plugin class. The host discovers every non-abstract class that carries this attribute
/// and derives from <see cref="TaskPlugin{TParams}"/>, <see cref="ModelPlugin{TParams}"/> or
/// <see cref="RegularizerPlugin{TParams}"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class PluginAttribute(string id, string version) : Attribute
{
    /// <summary>Stable, lower-case id used in recipes, e.g. <c>bert-encoder</c>.</summary>
    public string Id { get; } = id;

    /// <summary>Semantic version. Bump it whenever a change can alter results.</summary>
    public string Version { get; } = version;

    /// <summary>One line shown by <c>repro plugins</c>.</summary>
    public string Description { get; init; } = "";

    /// <summary>How far the plugin's results are reproducible.</summary>
    public DeterminismTier Determinism { get; init; } = DeterminismTier.SameHardware;
}

/// <summary>The determinism a plugin promises.</summary>
public enum DeterminismTier
{
    /// <summary>Bitwise identical everywhere (pure data code, no floating point).</summary>
    Bitwise,
    /// <summary>Bitwise identical on the same hardware, thread count and library versions.</summary>
    SameHardware,
    /// <summary>Only statistically reproducible.</summary>
    Statistical,
}

/// <summary>The kinds of plugin.</summary>
public enum PluginKind
{
    /// <summary>Supplies examples and metrics.</summary>
    Task,
    /// <summary>Builds an encoder and its heads.</summary>
    Model,
    /// <summary>Adds terms and hooks to the training loop.</summary>
    Regularizer,
}
