using System.Diagnostics;
using System.Text.Json;
using Repro.Contracts;
using static TorchSharp.torch;

namespace Repro.Plugins.Decoders.Tests;

/// <summary>
/// Runs the plain-PyTorch references of <c>tests/reference/</c> (gpt2.py, llama.py) with Debian's <c>/usr/bin/python3</c>
/// (install-data.sh installs python3-torch and python3-numpy); a missing interpreter fails the test, it never skips.
/// </summary>
internal static class PythonReference
{
    public const string Python = "/usr/bin/python3";

    /// <summary>The committed script <c>tests/reference/<paramref name="name"/></c>, found above the test's output folder.</summary>
    public static string Script(string name)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var path = Path.Combine(folder.FullName, "tests", "reference", name);
            if (File.Exists(path)) return path;
        }
        throw new InvalidOperationException($"tests/reference/{name} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Runs <c>SCRIPT ARGS</c>; a non-zero exit fails with its standard error.</summary>
    public static void Run(string script, params string[] arguments)
    {
        if (!File.Exists(Python))
            throw new InvalidOperationException($"{Python} is missing: the reference tests need Debian's python3 with python3-torch and python3-numpy (install-data.sh installs them)");
        var start = new ProcessStartInfo(Python) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Script(script));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Python} {script} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result}");
    }

    /// <summary>The checkpoint's tokens in row order (its vocab.json).</summary>
    public static IReadOnlyList<string> Tokens(string folder) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "vocab.json"))).RootElement.EnumerateObject()
            .OrderBy(p => p.Value.GetInt32()).Select(p => p.Name).ToList();

    /// <summary>The id rows of the script's batch.json.</summary>
    public static long[][] Rows(string folder) =>
        [.. JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "batch.json"))).RootElement.GetProperty("ids").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(id => id.GetInt64()).ToArray())];

    /// <summary>The folder's checkpoint loaded by causal-decoder with the checkpoint's own vocabulary as the host's.</summary>
    public static CausalDecoder Load(string folder)
    {
        var decoder = (CausalDecoder)((IModelPlugin)new CausalDecoderPlugin()).Build(new CausalDecoderParameters(), Tiny.Context(Tokens(folder), folder) with { MaxLength = 8 });
        decoder.eval();
        return decoder;
    }
}
