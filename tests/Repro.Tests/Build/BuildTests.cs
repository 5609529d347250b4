using System.Diagnostics;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>The build itself: the GPU backend switch and the libLibTorchSharp patch.</summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class BuildTests
{
    private static string Evaluate(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet", ["msbuild", Path.Combine(Paths.Root, "tool", "Repro.Tool", "Repro.Tool.csproj"), "-nologo", .. arguments])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    [Fact]
    public void TheCudaBackendSwapsTheLibtorchPackage()
    {
        var cpu = Evaluate("-getItem:PackageReference");
        var cuda = Evaluate("-getItem:PackageReference", "-p:ReproTorchBackend=cuda");

        Assert.Contains("\"TorchSharp-cpu\"", cpu);
        Assert.DoesNotContain("TorchSharp-cuda-linux", cpu);
        Assert.Contains("\"TorchSharp-cuda-linux\"", cuda);
        Assert.DoesNotContain("\"TorchSharp-cpu\"", cuda);
    }

    [Fact]
    public void TheShippedLibTorchSharpHasItsNewLibstdcxxVersionMarkedWeak()
    {
        var shipped = Path.Combine(Paths.ToolDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        Assert.True(File.Exists(shipped), shipped);
        Assert.Equal(2, VersionNeedFlags(File.ReadAllBytes(shipped), "GLIBCXX_3.4.32") & 2);
    }

    /// <summary>vna_flags of the .gnu.version_r entry named <paramref name="version"/> in an ELF64 file.</summary>
    private static int VersionNeedFlags(byte[] elf, string version)
    {
        var shoff = (int)BitConverter.ToUInt64(elf, 0x28);
        int size = BitConverter.ToUInt16(elf, 0x3A), count = BitConverter.ToUInt16(elf, 0x3C);
        for (var i = 0; i < count; i++)
        {
            var sh = shoff + i * size;
            if (BitConverter.ToUInt32(elf, sh + 4) != 0x6ffffffe) continue;
            var need = (int)BitConverter.ToUInt64(elf, sh + 24);
            var strtab = (int)BitConverter.ToUInt64(elf, shoff + (int)BitConverter.ToUInt32(elf, sh + 40) * size + 24);
            for (var n = 0; n < BitConverter.ToUInt32(elf, sh + 44); n++)
            {
                var aux = need + (int)BitConverter.ToUInt32(elf, need + 8);
                for (var a = 0; a < BitConverter.ToUInt16(elf, need + 2); a++)
                {
                    var start = strtab + (int)BitConverter.ToUInt32(elf, aux + 8);
                    var end = Array.IndexOf(elf, (byte)0, start);
                    if (System.Text.Encoding.ASCII.GetString(elf, start, end - start) == version) return BitConverter.ToUInt16(elf, aux + 4);
                    aux += (int)BitConverter.ToUInt32(elf, aux + 12);
                }
                need += (int)BitConverter.ToUInt32(elf, need + 12);
            }
        }
        throw new InvalidOperationException($"no version need {version}");
    }
}
