using Repro.Engine.Recipes;
using Repro.Engine.Statistics;

namespace Repro.Tests;

/// <summary>Which seed a nested stage runs with, and how compare groups the seeds that share one.</summary>
[Trait("Category", "Unit")]
public sealed class SeedClustersTests
{
    [Fact]
    public void RunSeedsCycleThroughTheNestedSeeds()
    {
        Assert.Equal([1L, 2, 3, 1, 2, 3, 1], Enumerable.Range(1, 7).Select(s => Stage.NestedSeed(s, 3)));
        Assert.Equal(3, Stage.NestedSeed(0, 3));
        Assert.Equal(2, Stage.NestedSeed(-1, 3));
        Assert.Equal(1, Stage.NestedSeed(long.MaxValue, 2));   // (2^63 − 2) mod 2 = 0
    }

    [Fact]
    public void SeedsWithTheSameNestedSeedsFormOneCluster()
    {
        var clusters = SeedClusters.Of([4, 1, 3, 2, 5], s => SeedClusters.Key(("A", null), ("B", new Dictionary<string, long> { ["inter"] = Stage.NestedSeed(s, 2) })));

        Assert.NotNull(clusters);
        Assert.Equal("{1, 3, 5} {2, 4}", SeedClusters.Describe(clusters));
    }

    [Fact]
    public void WithoutNestedStagesOrSharingEverySeedIsItsOwnUnit()
    {
        Assert.Null(SeedClusters.Of([1, 2, 3], _ => ""));
        Assert.Null(SeedClusters.Of([1, 2, 3], s => $"B:inter={s}"));
    }

    [Fact]
    public void TheSidesAreKeptApartInTheKey()
    {
        var a = new Dictionary<string, long> { ["inter"] = 1 };
        Assert.NotEqual(SeedClusters.Key(("A", a), ("B", null)), SeedClusters.Key(("A", null), ("B", a)));
        Assert.Equal("A:inter=1 B:inter=1", SeedClusters.Key(("A", a), ("B", a)));
    }

    [Fact]
    public void AClusteredComparisonIsTheComparisonOfTheClusterMeans()
    {
        long[] seeds = [1, 2, 3, 4, 5, 6];
        double[] a = [0.70, 0.72, 0.69, 0.71, 0.70, 0.73];
        double[] b = [0.74, 0.73, 0.75, 0.76, 0.72, 0.78];
        IReadOnlyList<IReadOnlyList<long>> clusters = [[1, 3, 5], [2, 4, 6]];
        double Mean(double[] v, IReadOnlyList<long> c) => c.Average(s => v[s - 1]);

        var clustered = MetricComparison.Of("test/accuracy", seeds, [.. clusters.Select(c => Mean(a, c))], [.. clusters.Select(c => Mean(b, c))], 0.05, 0, clusters: clusters);

        Assert.Equal(2, clustered.Differences.Count);
        Assert.Equal(clusters, clustered.Units);
        Assert.Equal(0.5, clustered.PermutationP);       // two clusters: the sign-flip test cannot go below 2/2²
        Assert.Equal(Verdict.NoSignificantDifference, clustered.Verdict);
        Assert.Equal([Mean(a, clusters[0]), Mean(a, clusters[1])], clustered.UnitValues(seeds.ToDictionary(s => s.ToString(), s => a[s - 1])));
    }
}
