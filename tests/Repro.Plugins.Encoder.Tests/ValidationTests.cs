using Repro.Contracts;

namespace Repro.Plugins.Encoders.Tests;

[Trait("Category", "Unit")]
public class ValidationTests
{
    public static TheoryData<string, string[]> Invalid => new()
    {
        { "hidden_size=30 heads=4", ["hidden_size", "heads", "divisible"] },
        { "norm=sideways", ["norm", "sideways", "post", "pre"] },
        { "pooling=max", ["pooling", "max", "pooler", "cls", "mean"] },
        { "dropout=1", ["dropout"] },
        { "layers=0", ["layers"] },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void BuildRejectsBadParametersNamingThem(string setting, string[] mentioned)
    {
        var parameters = Tiny.Parameters();
        foreach (var assignment in setting.Split(' '))
        {
            var (name, value) = (assignment.Split('=')[0], assignment.Split('=')[1]);
            switch (name)
            {
                case "hidden_size": parameters.HiddenSize = int.Parse(value); break;
                case "heads": parameters.Heads = int.Parse(value); break;
                case "norm": parameters.Norm = value; break;
                case "pooling": parameters.Pooling = value; break;
                case "dropout": parameters.Dropout = double.Parse(value); break;
                case "layers": parameters.Layers = int.Parse(value); break;
            }
        }

        var plugin = new BertEncoderPlugin();
        var built = Assert.Throws<ParameterException>(() => plugin.Build(parameters, Tiny.Context));
        var validated = Assert.Throws<ParameterException>(() => plugin.Validate(parameters));
        Assert.All(mentioned, word => Assert.Contains(word, built.Message));
        Assert.Equal(built.Message, validated.Message);
        Assert.Equal(built.Parameter, validated.Parameter);
    }

    [Fact]
    public void ValidateAcceptsTheDefaults() => new BertEncoderPlugin().Validate(new BertEncoderParameters());

    [Fact]
    public void MaxPositionsZeroUsesTheContextLength()
    {
        var encoder = Tiny.Build(1);

        Assert.Equal(Tiny.MaxLength, encoder.Config.MaxPositions);
        Assert.Equal(new long[] { Tiny.MaxLength, 32 },
            encoder.named_parameters().Single(p => p.name == "positionEmbedding.weight").parameter.shape);
    }
}
