using System.Security.Cryptography;
using System.Text;

namespace Repro.Bench.RawLoop;

/// <summary>
/// Per-purpose seeds by the documented rule of a recipe run (docs/determinism.md): the first 8 bytes of
/// SHA-256 of <c>{seed}/stage:{stage}/{purpose}</c>, shifted right by one. Written out here so the raw
/// loop needs nothing from the engine and still draws the same numbers.
/// </summary>
public static class SeedPath
{
    public static long For(long seed, string stage, string purpose)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}/stage:{stage}/{purpose}"));
        return (long)(BitConverter.ToUInt64(bytes, 0) >> 1);
    }
}
