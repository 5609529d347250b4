using System.Security.Cryptography;

namespace Repro.Engine.Runs;

/// <summary>SHA-256 of files, to detect a damaged or tampered checkpoint or weights file before it is used.</summary>
public static class FileHash
{
    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string Of(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Throws when a file is missing or its hash is not the recorded one.</summary>
    public static void Verify(string path, string expected, string what)
    {
        if (!File.Exists(path)) throw new ReproException($"{what} is missing: {path}");
        var actual = Of(path);
        if (actual != expected)
            throw new ReproException($"{what} was changed or damaged: {path} has SHA-256 {actual[..16]}…, recorded {expected[..16]}…");
    }
}
