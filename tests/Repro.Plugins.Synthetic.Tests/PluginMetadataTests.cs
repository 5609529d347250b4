using System.Reflection;
using Repro.Contracts;

namespace Repro.Plugins.Synthetic.Tests;

[Trait("Category", "Unit")]
public class PluginMetadataTests
{
    public static TheoryData<Type, string> Plugins => new()
    {
        { typeof(SyntheticCorpus), "synthetic-corpus" },
        { typeof(SyntheticTopic), "synthetic-topic" },
        { typeof(SyntheticAgreement), "synthetic-agreement" },
        { typeof(SyntheticSameTopic), "synthetic-same-topic" },
        { typeof(SyntheticAcceptability), "synthetic-acceptability" },
    };

    [Theory, MemberData(nameof(Plugins))]
    public void Plugins_are_marked_bitwise_deterministic_task_plugins(Type type, string id)
    {
        var attribute = type.GetCustomAttribute<PluginAttribute>();
        Assert.NotNull(attribute);
        Assert.Equal(id, attribute.Id);
        Assert.Equal(DeterminismTier.Bitwise, attribute.Determinism);
        Assert.False(string.IsNullOrWhiteSpace(attribute.Description));
        Assert.Equal(PluginKind.Task, ((IPlugin)Activator.CreateInstance(type)!).Kind);
    }

    [Theory, MemberData(nameof(Plugins))]
    public void Every_parameter_is_documented_and_its_default_in_range(Type type, string id)
    {
        var parametersType = ((IPlugin)Activator.CreateInstance(type)!).ParametersType;
        var defaults = Activator.CreateInstance(parametersType)!;
        var properties = parametersType.GetProperties(BindingFlags.Public | BindingFlags.Instance);
        Assert.True(properties.Length >= 13, id);
        Assert.All(properties, p =>
        {
            var param = p.GetCustomAttribute<ParamAttribute>();
            Assert.NotNull(param);
            Assert.True(p.CanWrite, p.Name);
            Assert.InRange(Convert.ToDouble(p.GetValue(defaults)), param.Min, param.Max);
        });
    }

    [Fact]
    public void Language_defaults_are_identical_in_every_task()
    {
        LanguageParameters[] all = [new SyntheticCorpusParameters(), new SyntheticTopicParameters(), new SyntheticAgreementParameters(), new SyntheticSameTopicParameters(), new SyntheticAcceptabilityParameters()];
        Assert.All(all, p => Assert.Equal(new LanguageParameters().ToSpec(), p.ToSpec()));
        Assert.Equal(new LanguageSpec(1234, 6, 0.5, 0.1, 0.6, 8, 5, 4, 30, 16, 12), new LanguageParameters().ToSpec());
    }
}
