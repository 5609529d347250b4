namespace Repro.Engine.Recipes;

/// <summary>
/// <c>lora: { rank, alpha, dropout, targets }</c> of a training stage (Hu et al. 2021): every <c>Linear</c> of the body whose
/// module name matches a target (the <c>freeze:</c> pattern rules) computes <c>W x + (alpha / rank) · B A dropout(x)</c>,
/// with <c>A</c> (rank, in) drawn and <c>B</c> (out, rank) zero, so the stage starts as the model it adapts.
/// </summary>
/// <param name="Rank">The rank r of the update, at least 1.</param>
/// <param name="Alpha">The scale numerator: the update is multiplied by alpha / rank; greater than 0.</param>
/// <param name="Dropout">Dropout on the update's input while training, in [0, 1).</param>
/// <param name="Targets">Module name patterns (<c>layers.*.attention.query</c>): a pattern takes every Linear at or under it.</param>
public sealed record LoraSpec(int Rank, double Alpha, double Dropout, IReadOnlyList<string> Targets)
{
    /// <summary>The factor of the update, alpha / rank.</summary>
    public double Scale => Alpha / Rank;
}
