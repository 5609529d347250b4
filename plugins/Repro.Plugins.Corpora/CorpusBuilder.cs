using System.Globalization;
using Repro.Contracts;

namespace Repro.Plugins.Corpora;

/// <summary>
/// Turns candidates into a task, always in the same order of steps: deduplicate identical texts (see
/// <see cref="TextKey"/>; texts whose copies disagree on the label are dropped altogether), drop small
/// classes, cap classes and the total by SHA-256 rank, split (by <see cref="StableSplit"/> or a given rule),
/// and sort each split by id. Every step that removes something adds a note.
/// </summary>
internal sealed class CorpusBuilder(string taskId, TargetKind target, bool isPair, IReadOnlyList<string> metrics)
{
    private readonly List<string> _notes = [];

    /// <summary>Adds a note of the plugin's own (e.g. rows it could not parse).</summary>
    public void Note(string note) => _notes.Add(note);

    /// <param name="labelOrder">Label order when the task fixes one; labels not present are left out. Null = sorted.</param>
    /// <param name="assign">The split of a candidate; null = <see cref="StableSplit.Of"/> of its group with <paramref name="split"/>.</param>
    public CorpusTask Build(IEnumerable<Candidate> candidates, StableSplit split, ClassLimits limits,
        IReadOnlyList<string>? labelOrder = null, Func<Candidate, string>? assign = null)
    {
        var kept = Deduplicate(candidates);
        if (target == TargetKind.Classification) kept = LimitClasses(kept, limits);
        if (limits.MaxExamples > 0 && kept.Count > limits.MaxExamples)
        {
            _notes.Add($"subsampled {limits.MaxExamples} of {kept.Count} examples (the lowest SHA-256 ranks of their ids)");
            kept = [.. kept.OrderBy(c => SampleRank(c.Id)).ThenBy(c => c.Id, StringComparer.Ordinal).Take(limits.MaxExamples)];
        }
        if (kept.Count == 0) throw new InvalidDataException($"{taskId}: no examples are left (check the task's parameters)");

        var present = kept.Select(c => c.Label).OfType<string>().ToHashSet(StringComparer.Ordinal);
        IReadOnlyList<string> labels = target != TargetKind.Classification ? []
            : labelOrder is not null ? [.. labelOrder.Where(present.Contains)]
            : [.. present.Order(StringComparer.Ordinal)];
        var index = labels.Select((l, i) => (l, i)).ToDictionary(p => p.l, p => p.i, StringComparer.Ordinal);

        assign ??= c => split.Of(c.SplitGroup);
        var bySplit = kept.GroupBy(assign).ToDictionary(g => g.Key, g => g.OrderBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => new Example(c.Id, c.Text, c.Pair, c.Label is null ? -1 : index[c.Label])).ToList());
        if (!bySplit.ContainsKey(StableSplit.Train)) throw new InvalidDataException($"{taskId}: the train split is empty (check the task's parameters)");
        var splits = new Dictionary<string, IReadOnlyList<Example>>();
        foreach (var name in new[] { StableSplit.Train, StableSplit.Dev, StableSplit.Test }.Concat(bySplit.Keys.Order(StringComparer.Ordinal)))
            if (bySplit.TryGetValue(name, out var examples) && !splits.ContainsKey(name)) splits[name] = examples;
        return new CorpusTask(new InMemoryTask(target, labels, isPair, splits, metrics), _notes);
    }

    private List<Candidate> Deduplicate(IEnumerable<Candidate> candidates)
    {
        var kept = new List<Candidate>();
        int duplicates = 0, conflicting = 0, conflictingTexts = 0;
        foreach (var copies in candidates.GroupBy(c => TextKey.Of(c.Text, c.Pair), StringComparer.Ordinal))
        {
            var all = copies.ToList();
            if (all.Select(c => c.Label).Distinct().Count() > 1) { conflicting += all.Count; conflictingTexts++; continue; }
            kept.Add(all.MinBy(c => c.Id, StringComparer.Ordinal)!);
            duplicates += all.Count - 1;
        }
        if (duplicates > 0) _notes.Add($"dropped {duplicates} duplicate(s) of identical texts (case and spacing ignored; the copy with the smallest id is kept)");
        if (conflicting > 0) _notes.Add($"dropped {conflicting} example(s) of {conflictingTexts} identical text(s) that carry different labels");
        return kept;
    }

    private List<Candidate> LimitClasses(List<Candidate> kept, ClassLimits limits)
    {
        var byLabel = kept.GroupBy(c => c.Label!, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();
        var small = byLabel.Where(g => g.Count() < limits.MinPerClass).ToList();
        if (small.Count > 0)
            _notes.Add($"dropped {small.Count} class(es) with fewer than {limits.MinPerClass} examples: {string.Join(", ", small.Select(g => $"{g.Key} ({g.Count()})"))}");
        var result = new List<Candidate>();
        var capped = new List<string>();
        foreach (var group in byLabel.Where(g => g.Count() >= limits.MinPerClass))
        {
            var members = group.ToList();
            if (limits.MaxPerClass > 0 && members.Count > limits.MaxPerClass)
            {
                capped.Add($"{group.Key} {members.Count.ToString(CultureInfo.InvariantCulture)}");
                members = [.. members.OrderBy(c => SampleRank(c.Id)).ThenBy(c => c.Id, StringComparer.Ordinal).Take(limits.MaxPerClass)];
            }
            result.AddRange(members);
        }
        if (capped.Count > 0)
            _notes.Add($"subsampled {capped.Count} class(es) to max_per_class = {limits.MaxPerClass} by SHA-256 rank of the id (had: {string.Join(", ", capped)})");
        return result;
    }

    private ulong SampleRank(string id) => StableRank.Of($"{taskId}/sample/{id}");
}
