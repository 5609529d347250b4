using Repro.Engine.Recipes;

namespace Repro.Engine.Training;

/// <summary>Linear warmup, then linear, cosine or no decay. A pure function of the step, so resuming needs no state.</summary>
public sealed class LearningRateSchedule(ScheduleSpec spec, double peak, int totalSteps)
{
    /// <summary>Warmup length in steps.</summary>
    public int WarmupSteps { get; } = Math.Min(totalSteps, spec.WarmupSteps ?? (int)Math.Round(spec.WarmupRatio * totalSteps));

    /// <summary>The learning rate of 1-based step <paramref name="step"/>.</summary>
    public double At(int step)
    {
        var s = step - 1;
        if (s < WarmupSteps) return peak * (s + 1) / WarmupSteps;
        var span = Math.Max(1, totalSteps - WarmupSteps);
        var progress = (double)(s - WarmupSteps) / span;
        return spec.Type switch
        {
            ScheduleType.Constant => peak,
            ScheduleType.Cosine => peak * 0.5 * (1 + Math.Cos(Math.PI * progress)),
            _ => peak * (1 - progress),
        };
    }
}
