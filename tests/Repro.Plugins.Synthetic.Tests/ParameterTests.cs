using Repro.Contracts;

namespace Repro.Plugins.Synthetic.Tests;

[Trait("Category", "Unit")]
public class ParameterTests
{
    [Theory]
    [InlineData("topics")]
    [InlineData("topic_purity")]
    [InlineData("nouns_per_topic")]
    public void Invalid_language_parameters_are_rejected_by_name(string name)
    {
        Action<LanguageParameters> spoil = name switch
        {
            "topics" => p => p.Topics = 1,
            "topic_purity" => p => p.TopicPurity = 1.5,
            _ => p => p.NounsPerTopic = 0,
        };
        var plugins = new Func<ITask>[]
        {
            () => Tasks.Corpus(Spoiled<SyntheticCorpusParameters>(spoil)),
            () => Tasks.Topic(Spoiled<SyntheticTopicParameters>(spoil)),
            () => Tasks.Agreement(Spoiled<SyntheticAgreementParameters>(spoil)),
            () => Tasks.SameTopic(Spoiled<SyntheticSameTopicParameters>(spoil)),
            () => Tasks.Acceptability(Spoiled<SyntheticAcceptabilityParameters>(spoil)),
        };
        foreach (var load in plugins)
        {
            var error = Assert.Throws<ArgumentException>(load);
            Assert.Equal(name, error.ParamName);
            Assert.StartsWith(name + " = ", error.Message);
        }
    }

    [Fact]
    public void NaN_is_rejected() =>
        Assert.Equal("topic_purity", Assert.Throws<ArgumentException>(() => Tasks.Topic(new() { TopicPurity = double.NaN })).ParamName);

    [Fact]
    public void Invalid_task_parameters_are_rejected_by_name()
    {
        Assert.Equal("train_per_class", Assert.Throws<ArgumentException>(() => Tasks.Topic(new() { TrainPerClass = 0 })).ParamName);
        Assert.Equal("test_size", Assert.Throws<ArgumentException>(() => Tasks.Agreement(new() { TestSize = 1 })).ParamName);
        Assert.Equal("dev_size", Assert.Throws<ArgumentException>(() => Tasks.Corpus(new() { DevSize = 0 })).ParamName);
        Assert.Equal("substitution_rate", Assert.Throws<ArgumentException>(() => Tasks.Acceptability(new() { SubstitutionRate = 1.5 })).ParamName);
    }

    [Fact]
    public void Boundary_values_are_accepted()
    {
        var task = Tasks.Topic(new() { Topics = 2, TopicPurity = 1, TrainPerClass = 1, DevSize = 2, TestSize = 2 });
        Assert.Equal(2, task.Get("train").Count);
    }

    private static T Spoiled<T>(Action<LanguageParameters> spoil) where T : LanguageParameters, new()
    {
        var parameters = new T();
        spoil(parameters);
        return parameters;
    }
}
