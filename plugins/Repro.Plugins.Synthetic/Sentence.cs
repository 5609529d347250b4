namespace Repro.Plugins.Synthetic;

/// <summary>
/// A generated sentence with the parse the tasks and tests need: where the subject's head noun,
/// the main verb and the nearest noun between them (an attractor) are.
/// </summary>
/// <param name="Words">The words, in order.</param>
/// <param name="Topic">The latent topic its content words were drawn from.</param>
/// <param name="SubjectIndex">Position of the subject's head noun.</param>
/// <param name="VerbIndex">Position of the main verb of the first clause.</param>
/// <param name="AttractorIndex">Position of the last noun between subject and main verb, or null when none.</param>
internal sealed record Sentence(IReadOnlyList<string> Words, int Topic, int SubjectIndex, int VerbIndex, int? AttractorIndex)
{
    /// <summary>The words joined by single spaces: the example text.</summary>
    public string Text { get; } = string.Join(' ', Words);

    /// <summary>The same sentence with the main verb replaced by <paramref name="form"/>.</summary>
    public Sentence WithMainVerb(string form)
    {
        var words = Words.ToArray();
        words[VerbIndex] = form;
        return new Sentence(words, Topic, SubjectIndex, VerbIndex, AttractorIndex);
    }
}
