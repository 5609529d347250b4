namespace Repro.Engine.Execution;

/// <summary>How to run a recipe.</summary>
/// <param name="RunsRoot">Folder that holds <c>name@version/run-id</c> folders.</param>
/// <param name="Seeds">The run seeds, in order; null for the recipe's own.</param>
/// <param name="Device">Override of recipe.device.</param>
/// <param name="CommandLine">The command as typed, for the manifest.</param>
/// <param name="AllowPluginDrift">Resume even when a plugin assembly differs from the one the run started with.</param>
/// <param name="CacheRoot">The stage cache folder, or null to compute every stage.</param>
/// <param name="MaxSteps">Stop each training stage after this many steps (determinism checks).</param>
/// <param name="TracePath">Write a <see cref="StepTrace"/> of every step here (determinism checks).</param>
/// <param name="ProfilePath">Write a <see cref="StepProfile"/> of the training steps here (the bench's step split).</param>
public sealed record RunOptions(string RunsRoot, IReadOnlyList<long>? Seeds = null, string? Device = null, IReadOnlyList<string>? CommandLine = null,
    bool AllowPluginDrift = false, string? CacheRoot = null, int? MaxSteps = null, string? TracePath = null, string? ProfilePath = null);
