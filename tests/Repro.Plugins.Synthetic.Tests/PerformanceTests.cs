using System.Diagnostics;

namespace Repro.Plugins.Synthetic.Tests;

public class PerformanceTests
{
    /// <summary>The default corpus takes tens of milliseconds once warm; the budget only catches gross regressions.</summary>
    [Fact]
    public void The_default_corpus_generates_in_well_under_a_second()
    {
        _ = Tasks.Corpus();
        var watch = Stopwatch.StartNew();
        var corpus = Tasks.Corpus(new());
        watch.Stop();
        Assert.Equal(20_000, corpus.Get("train").Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"{watch.ElapsedMilliseconds} ms");
    }
}
