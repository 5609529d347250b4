namespace Repro.Plugins.Files;

/// <summary>
/// One record of a delimited file as read: its fields, or why it could not be read.
/// <paramref name="Line"/> is the 1-based line on which the record starts.
/// </summary>
internal readonly record struct RawRecord(int Line, string[] Fields, string? Error = null);
