using System.Security.Cryptography;
using System.Text;

namespace Repro.Contracts;

/// <summary>
/// A SHA-256 over a task's target kind, labels and every example of every split (its words and tags too), in order.
/// Any change in the data, however small, changes it.
/// </summary>
public static class TaskFingerprint
{
    /// <summary>Lower-case hex SHA-256 of the task's data.</summary>
    public static string Compute(ITask task)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string s)
        {
            var bytes = Encoding.UTF8.GetBytes(s);
            hash.AppendData(BitConverter.GetBytes(bytes.Length));
            hash.AppendData(bytes);
        }
        Add(task.Target.ToString());
        Add(task.IsPair ? "pair" : "single");
        foreach (var label in task.Labels) Add(label);
        foreach (var split in task.Splits)
        {
            Add(split);
            foreach (var e in task.Get(split))
            {
                Add(e.Id);
                Add(e.Text);
                Add(e.Pair ?? "\0");
                Add(e.Label.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Add(e.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                // Per-word data only where present, so the fingerprints of sentence-level tasks are unchanged.
                if (e.Words is { } words)
                {
                    Add("words");
                    foreach (var word in words) Add(word);
                }
                if (e.Tags is { } tags) Add("tags " + string.Join(',', tags));
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
