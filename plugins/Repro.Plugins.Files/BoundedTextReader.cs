using System.Globalization;

namespace Repro.Plugins.Files;

/// <summary>
/// A data file's text with limits, so a device (<c>/dev/zero</c>), a binary file or a runaway quoted field is refused
/// with the file and line instead of filling memory: at most <see cref="MaxLineChars"/> characters between line
/// breaks and <see cref="MaxChars"/> in all.
/// </summary>
internal sealed class BoundedTextReader(TextReader inner, string path) : TextReader
{
    /// <summary>Longest line: an example is a sentence or a paragraph, not megabytes.</summary>
    public const int MaxLineChars = 1 << 20;

    /// <summary>Largest file, in characters: a task's examples are held in memory.</summary>
    public const long MaxChars = 1L << 31;

    private long _chars;
    private int _lineChars;
    private int _line = 1;

    /// <inheritdoc/>
    public override int Peek() => inner.Peek();

    /// <inheritdoc/>
    public override int Read()
    {
        var c = inner.Read();
        if (c < 0) return c;
        if (++_chars > MaxChars)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path} is larger than {MaxChars:N0} characters; a data file's examples must fit in memory"));
        if (c == '\n') { _line++; _lineChars = 0; }
        else if (++_lineChars > MaxLineChars)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path} line {_line}: longer than {MaxLineChars:N0} characters without a line break; is it a text data file (or a quoted field left open)?"));
        return c;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
