using System.Reflection;

namespace Repro.Tests;

/// <summary>
/// The test tiers (CONTRIBUTING.md): every test class carries one <c>[Trait("Category", ...)]</c>, Unit or Integration,
/// on the class, and an integration class runs in the <see cref="Serial"/> collection.
/// </summary>
[Trait("Category", "Unit")]
public sealed class TierTests
{
    [Fact]
    public void EveryTestClassIsInOneTierAndIntegrationClassesRunOneAtATime()
    {
        var problems = new List<string>();
        foreach (var type in typeof(TierTests).Assembly.GetTypes().Where(IsTestClass).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            var tiers = Categories(type).ToList();
            var serial = type.GetCustomAttributesData().Any(a => a.AttributeType == typeof(CollectionAttribute) && (string?)a.ConstructorArguments[0].Value == Serial.Name);
            if (tiers is not (["Unit"] or ["Integration"]))
                problems.Add($"{type.Name}: needs [Trait(\"Category\", \"Unit\")] or [Trait(\"Category\", \"Integration\")], has {(tiers.Count == 0 ? "none" : string.Join(", ", tiers))}");
            else if ((tiers[0] == "Integration") != serial)
                problems.Add($"{type.Name}: {(serial ? "a unit class in" : "an integration class outside")} [Collection(Serial.Name)]");
            foreach (var method in type.GetMethods().Where(m => Categories(m).Any()))
                problems.Add($"{type.Name}.{method.Name}: a Category trait on a method (put the tier on the class)");
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>A class xunit runs: public, concrete, with a [Fact] or [Theory].</summary>
    private static bool IsTestClass(Type type) =>
        type.IsVisible && !type.IsAbstract && type.GetMethods().Any(m => m.IsDefined(typeof(FactAttribute), inherit: true));

    private static IEnumerable<string> Categories(MemberInfo member) =>
        member.GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == "Category")
            .Select(a => (string)a.ConstructorArguments[1].Value!);
}
