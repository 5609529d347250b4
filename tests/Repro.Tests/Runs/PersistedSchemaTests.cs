using System.Collections;
using System.Reflection;
using Repro.Engine.Caching;
using Repro.Engine.Runs;
using Repro.Engine.Snapshots;
using Repro.Engine.Sweeps;

namespace Repro.Tests;

/// <summary>
/// The files Repro writes are read back strictly (Json.Options: a field without a default must be present, a non-nullable one
/// must not be null). So, in every record reachable from a file's type, a field is optional exactly when it is nullable and
/// then has a default, or is always written (null included): otherwise files that omit it (nulls are not written) would be unreadable.
/// </summary>
[Trait("Category", "Unit")]
public sealed class PersistedSchemaTests
{
    private static readonly Type[] Files =
    [
        typeof(Manifest), typeof(MetricsFile), typeof(GroupFile), typeof(GroupPlan), typeof(GroupSeed), typeof(SweepPlan), typeof(SweepResult),
        typeof(StageRecord), typeof(CacheEntry), typeof(CacheLockOwner), typeof(Snapshot), typeof(TraceRecord), typeof(StepRecord), typeof(EvalRecord),
    ];

    [Fact]
    public void EveryNullableFieldOfAPersistedRecordHasADefaultOrIsAlwaysWritten()
    {
        var nullability = new NullabilityInfoContext();
        var problems = new List<string>();
        foreach (var type in Reachable())
        {
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            foreach (var parameter in constructor.GetParameters())
            {
                var nullable = Nullable.GetUnderlyingType(parameter.ParameterType) is not null
                    || !parameter.ParameterType.IsValueType && nullability.Create(parameter).WriteState == NullabilityState.Nullable;
                var alwaysWritten = type.GetProperty(parameter.Name!)?.GetCustomAttribute<System.Text.Json.Serialization.JsonIgnoreAttribute>()?.Condition
                    == System.Text.Json.Serialization.JsonIgnoreCondition.Never;
                if (nullable && !parameter.HasDefaultValue && !alwaysWritten) problems.Add($"{type.Name}.{parameter.Name} is nullable but has no default and is not always written");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void ADamagedFileIsRefusedByNameAndFieldNotReadAsZeros()
    {
        using var temp = new Support.TempDirectory();
        var path = temp.Write("3.json", "{}");
        var e = Assert.Throws<Repro.Engine.ReproException>(() => Json.Read<GroupSeed>(path, "seed record"));
        Assert.Contains(path, e.Message);
        Assert.Contains("seed", e.Message);
        var nulls = temp.Write("4.json", """{ "seed": 4, "run": null, "host": "h", "pid": 1, "started_utc": "2026-01-01T00:00:00Z" }""");
        Assert.Contains("run", Assert.Throws<Repro.Engine.ReproException>(() => Json.Read<GroupSeed>(nulls, "seed record")).Message);
    }

    private static IEnumerable<Type> Reachable()
    {
        var seen = new HashSet<Type>();
        var queue = new Queue<Type>(Files);
        while (queue.TryDequeue(out var type))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
            {
                foreach (var argument in type.GetGenericArguments()) queue.Enqueue(argument);
                continue;
            }
            if (type.IsArray) { queue.Enqueue(type.GetElementType()!); continue; }
            if (type.Assembly != typeof(Manifest).Assembly || type.IsEnum || !seen.Add(type)) continue;
            yield return type;
            foreach (var parameter in type.GetConstructors().SelectMany(c => c.GetParameters())) queue.Enqueue(parameter.ParameterType);
        }
    }
}
