using System.Diagnostics;
using System.Text.Json;

namespace Repro.Tests.Support;

/// <summary>
/// Runs a plain-Python reference under <c>tests/reference/</c> with Debian's <c>/usr/bin/python3</c> (install-data.sh
/// installs it with python3-torch). Fails, never skips, when the interpreter or the script is missing.
/// </summary>
internal static class PythonReference
{
    /// <summary>The interpreter the references run on (not a pyenv <c>python3</c>, which lacks torch).</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>Runs <c>tests/reference/<paramref name="script"/></c> with <paramref name="arguments"/>, <paramref name="input"/> serialized as JSON on stdin; returns stdout parsed as <typeparamref name="T"/>.</summary>
    public static T Run<T>(string script, IEnumerable<string> arguments, object input)
    {
        var path = Path.Combine(Paths.Root, "tests", "reference", script);
        Assert.True(File.Exists(Python), $"{Python} is missing: run ./install-data.sh (it installs Debian's python3 with python3-torch)");
        Assert.True(File.Exists(path), $"{path} is missing");
        var info = new ProcessStartInfo(Python, [path, .. arguments])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(JsonSerializer.Serialize(input));
        process.StandardInput.Close();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{script} exited with {process.ExitCode}: {errors.Result}");
        return JsonSerializer.Deserialize<T>(output.Result)!;
    }
}
