using Repro.Contracts;

namespace Repro.Plugins.Decoders;

/// <summary>Reading a checkpoint folder's text files (config.json, vocab.json, tokenizer.json, the shard index): refused before opening when empty, not a regular file, or too large.</summary>
internal static class CheckpointFile
{
    /// <summary>The text of <paramref name="path"/>, or a <see cref="PluginInputException"/> naming it.</summary>
    public static string ReadText(string path, long maxBytes)
    {
        var info = new FileInfo(path);
        // A device or a pipe reports no length; opening a pipe with no writer would wait for ever.
        if (info.Length == 0) throw new PluginInputException($"{path}: empty, or not a regular file (a device or a pipe)");
        if (info.Length > maxBytes) throw new PluginInputException($"{path}: {info.Length:N0} bytes; a checkpoint's {info.Name} is read only up to {maxBytes:N0}");
        return File.ReadAllText(path);
    }
}
