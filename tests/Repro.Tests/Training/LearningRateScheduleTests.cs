using Repro.Engine.Recipes;
using Repro.Engine.Training;

namespace Repro.Tests;

[Trait("Category", "Unit")]
public sealed class LearningRateScheduleTests
{
    [Fact]
    public void LinearWarmupThenLinearDecay()
    {
        var schedule = new LearningRateSchedule(new ScheduleSpec(ScheduleType.Linear, 4, 0), 1.0, 12);
        Assert.Equal([0.25, 0.5, 0.75, 1.0], Enumerable.Range(1, 4).Select(schedule.At));
        Assert.Equal(1.0, schedule.At(5), 12);
        Assert.Equal(1.0 / 8, schedule.At(12), 12);
        Assert.True(Enumerable.Range(5, 8).Select(schedule.At).Zip(Enumerable.Range(6, 7).Select(schedule.At)).All(p => p.First > p.Second));
    }

    [Fact]
    public void WarmupRatioConstantAndCosine()
    {
        Assert.Equal(10, new LearningRateSchedule(new ScheduleSpec(ScheduleType.Linear, null, 0.1), 1.0, 100).WarmupSteps);
        var constant = new LearningRateSchedule(new ScheduleSpec(ScheduleType.Constant, 0, 0), 0.5, 10);
        Assert.All(Enumerable.Range(1, 10).Select(constant.At), lr => Assert.Equal(0.5, lr));
        var cosine = new LearningRateSchedule(new ScheduleSpec(ScheduleType.Cosine, 0, 0), 1.0, 10);
        Assert.Equal(1.0, cosine.At(1), 12);
        Assert.Equal(0.5 * (1 + Math.Cos(Math.PI * 0.5)), cosine.At(6), 12);
    }
}
