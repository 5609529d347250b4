using TorchSharp;
using static TorchSharp.torch;

namespace Repro.Engine.Training;

/// <summary>Named tensors in one file (TorchSharp's tensor format, one after another).</summary>
internal static class TensorBundle
{
    public static void Save(string path, IReadOnlyList<(string Name, Tensor Tensor)> tensors)
    {
        using var writer = new BinaryWriter(File.Create(path));
        writer.Write(tensors.Count);
        foreach (var (name, tensor) in tensors)
        {
            writer.Write(name);
            using var cpu = tensor.detach().cpu();
            cpu.Save(writer);
        }
    }

    public static Dictionary<string, Tensor> Load(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        var count = reader.ReadInt32();
        var result = new Dictionary<string, Tensor>(count);
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString();
            result[name] = Tensor.Load(reader);
        }
        return result;
    }
}
