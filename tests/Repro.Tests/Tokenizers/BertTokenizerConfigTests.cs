using Repro.Engine;
using Repro.Engine.Tokenizers;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>tokenizer_config.json's BERT settings, with Hugging Face's defaults, and errors that name the file and field.</summary>
[Trait("Category", "Unit")]
public sealed class BertTokenizerConfigTests
{
    [Theory]
    [InlineData("{}", true, null, true)]
    [InlineData("""{ "do_lower_case": false, "strip_accents": null, "tokenize_chinese_chars": false, "model_max_length": 512 }""", false, null, false)]
    [InlineData("""{ "do_lower_case": true, "strip_accents": false }""", true, false, true)]
    [InlineData("""{ "do_lower_case": null, "strip_accents": true, "tokenize_chinese_chars": null }""", true, true, true)]
    public void ReadsTheSettingsWithHuggingFacesDefaults(string json, bool lowercase, bool? stripAccents, bool chineseChars)
    {
        using var temp = new TempDirectory();

        var config = BertTokenizerConfig.Read(temp.Write("tokenizer_config.json", json));

        Assert.Equal(new BertTokenizerConfig(lowercase, stripAccents, chineseChars), config);
    }

    [Theory]
    [InlineData("""{ "do_lower_case": "yes" }""", "do_lower_case must be true, false or null, not \"yes\"")]
    [InlineData("""{ "strip_accents": 0 }""", "strip_accents must be true, false or null, not 0")]
    [InlineData("""{ "do_lower_case": tru""", "not valid JSON")]
    [InlineData("[]", "holds a JSON object, not array")]
    public void ABadFileNamesItselfAndTheField(string json, string problem)
    {
        using var temp = new TempDirectory();
        var path = temp.Write("tokenizer_config.json", json);

        var error = Assert.Throws<ReproException>(() => BertTokenizerConfig.Read(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(problem, error.Message);
    }

    [Fact]
    public void AMissingFileIsAReproException()
    {
        var error = Assert.Throws<ReproException>(() => BertTokenizerConfig.Read("/nonexistent/tokenizer_config.json"));
        Assert.Contains("/nonexistent/tokenizer_config.json", error.Message);
    }
}
