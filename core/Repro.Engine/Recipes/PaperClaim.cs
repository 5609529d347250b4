using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Repro.Engine.Recipes;

/// <summary>
/// What a paper claims for one declared comparison, so a verdict can be read against it rather than against a margin
/// shared by every method: a <see cref="Gain"/> (the improvement of the candidate over the baseline in the primary
/// metric's units, positive when the candidate is better — lower for loss and perplexity), or, for a parity claim
/// ("comes within 0.4 points of full fine-tuning"), a margin <see cref="Within"/>. <see cref="Source"/> is the citation:
/// paper, table and setting, as <c>repro compare</c> prints it.
/// </summary>
public sealed record PaperClaim(string Baseline, string Candidate, double? Gain, double? Within, string Source)
{
    /// <summary>The claim as the resolved recipe writes it under <c>analysis.claims</c>.</summary>
    public YamlMappingNode ToYaml()
    {
        var node = new YamlMappingNode
        {
            { "comparison", new YamlSequenceNode(new YamlScalarNode(Baseline), new YamlScalarNode(Candidate)) { Style = YamlDotNet.Core.Events.SequenceStyle.Flow } },
        };
        if (Gain is { } gain) node.Add("gain", gain.ToString("R", CultureInfo.InvariantCulture));
        if (Within is { } within) node.Add("within", within.ToString("R", CultureInfo.InvariantCulture));
        node.Add("source", new YamlScalarNode(Source) { Style = YamlDotNet.Core.ScalarStyle.DoubleQuoted });
        return node;
    }
}
