using Repro.Contracts;

namespace Repro.Plugins.Corpora;

/// <summary>
/// The split rule of every corpus task: u = the first 8 bytes of SHA-256("&lt;task&gt;/&lt;group&gt;") read as a
/// big-endian unsigned integer, divided by 2^64. u &lt; test fraction → <c>test</c>; u &lt; test + dev fraction →
/// <c>dev</c>; else <c>train</c>. The group is the example's stable id (or what must stay together, e.g. a word).
/// Nothing else moves an example between splits: not the run seed, not the other examples.
/// </summary>
internal sealed record StableSplit(string Task, double DevFraction = 0.1, double TestFraction = 0.1)
{
    public const string Train = "train", Dev = "dev", Test = "test";

    /// <summary>The split of a group id.</summary>
    public string Of(string group)
    {
        var u = StableRank.Unit($"{Task}/{group}");
        return u < TestFraction ? Test : u < TestFraction + DevFraction ? Dev : Train;
    }
}
