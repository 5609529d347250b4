namespace Repro.Plugins.Synthetic;

/// <summary>Part of speech of a content word.</summary>
internal enum WordClass { Noun, Verb, Adjective }

/// <summary>
/// A content word with its two number forms (equal for adjectives). Nouns: stem / stem+"s";
/// verbs: stem+"s" (singular, "glims") / stem (plural, "glim").
/// </summary>
/// <param name="Topic">The latent topic that owns the word, or null for the shared pool.</param>
internal sealed record Lemma(WordClass Class, string Singular, string Plural, int? Topic)
{
    /// <summary>The form for the given number.</summary>
    public string Form(bool plural) => plural ? Plural : Singular;
}
