using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Copies an ELF64 little-endian shared library and sets VER_FLG_WEAK on the .gnu.version_r
/// (version need) entry named VersionName. Idempotent; rewrites the copy only when the source changed.
/// </summary>
public class ReproWeakenVersionNeed : Task
{
    [Required] public string Source { get; set; }
    [Required] public string Destination { get; set; }
    [Required] public string VersionName { get; set; }

    const uint ShtGnuVerneed = 0x6ffffffe;
    const ushort VerFlgWeak = 0x2;

    public override bool Execute()
    {
        if (File.Exists(Destination) && File.GetLastWriteTimeUtc(Destination) >= File.GetLastWriteTimeUtc(Source))
            return true;
        var elf = File.ReadAllBytes(Source);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
        {
            Log.LogError("{0} is not a 64-bit little-endian ELF file", Source);
            return false;
        }
        var shoff = (long)BitConverter.ToUInt64(elf, 0x28);
        int shentsize = BitConverter.ToUInt16(elf, 0x3A), shnum = BitConverter.ToUInt16(elf, 0x3C);
        var patched = 0;
        for (var i = 0; i < shnum; i++)
        {
            var sh = shoff + (long)i * shentsize;
            if (BitConverter.ToUInt32(elf, (int)sh + 4) != ShtGnuVerneed) continue;
            var offset = (long)BitConverter.ToUInt64(elf, (int)sh + 24);
            var link = BitConverter.ToUInt32(elf, (int)sh + 40);
            var count = BitConverter.ToUInt32(elf, (int)sh + 44);
            var strtab = (long)BitConverter.ToUInt64(elf, (int)(shoff + (long)link * shentsize) + 24);
            var need = offset;
            for (var n = 0; n < count; n++)
            {
                var auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
                var aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
                for (var a = 0; a < auxCount; a++)
                {
                    var name = ReadString(elf, strtab + BitConverter.ToUInt32(elf, (int)aux + 8));
                    if (name == VersionName)
                    {
                        var flags = (ushort)(BitConverter.ToUInt16(elf, (int)aux + 4) | VerFlgWeak);
                        BitConverter.GetBytes(flags).CopyTo(elf, (int)aux + 4);
                        patched++;
                    }
                    aux += BitConverter.ToUInt32(elf, (int)aux + 12);
                }
                need += BitConverter.ToUInt32(elf, (int)need + 12);
            }
        }
        Directory.CreateDirectory(Path.GetDirectoryName(Destination));
        var temp = Destination + ".tmp";
        File.WriteAllBytes(temp, elf);
        if (File.Exists(Destination)) File.Delete(Destination);
        File.Move(temp, Destination);
        if (patched == 0)
            Log.LogMessage(MessageImportance.High, "{0}: no version need named {1}; copied unchanged", Source, VersionName);
        else
            Log.LogMessage(MessageImportance.Normal, "{0}: marked {1} weak in {2}", Source, VersionName, Destination);
        return true;
    }

    static string ReadString(byte[] data, long start)
    {
        var end = start;
        while (data[end] != 0) end++;
        return Encoding.ASCII.GetString(data, (int)start, (int)(end - start));
    }
}
