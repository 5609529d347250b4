namespace Repro.Plugins.Synthetic;

/// <summary>Part of speech of any word form of the language, function words included.</summary>
internal enum Tag { Determiner, Preposition, Conjunction, Negation, Relativizer, Noun, Verb, Adjective }

/// <summary>
/// Decides whether a word sequence is a sentence the <see cref="Grammar"/> can generate: the same
/// phrase structure (adjectives only where the grammar puts them, at most two and never the same twice
/// in a row) and every verb in the number of its own subject. Topic and length are not checked.
/// </summary>
internal sealed class GrammarRecognizer
{
    private readonly Dictionary<string, (Tag Tag, bool Plural)> _forms = [];

    /// <summary>A recognizer for the language of <paramref name="lexicon"/>.</summary>
    public GrammarRecognizer(Lexicon lexicon)
    {
        void Add(IEnumerable<string> forms, Tag tag) { foreach (var f in forms) _forms[f] = (tag, false); }
        Add(lexicon.Determiners, Tag.Determiner);
        Add(lexicon.Prepositions, Tag.Preposition);
        Add(lexicon.Conjunctions, Tag.Conjunction);
        Add(lexicon.Negations, Tag.Negation);
        Add(lexicon.Relativizers, Tag.Relativizer);
        foreach (var form in lexicon.Forms)
            if (lexicon.TryLookup(form, out var lemma, out var plural))
                _forms[form] = (lemma.Class switch { WordClass.Noun => Tag.Noun, WordClass.Verb => Tag.Verb, _ => Tag.Adjective }, plural);
    }

    /// <summary>The part of speech of a form of the language.</summary>
    /// <exception cref="KeyNotFoundException">The form is not a word of the language.</exception>
    public Tag TagOf(string form) => _forms[form].Tag;

    /// <summary>True when the grammar can generate exactly this word sequence (up to topic and length).</summary>
    public bool IsGrammatical(IReadOnlyList<string> words)
    {
        var tokens = new (Tag Tag, bool Plural)[words.Count];
        for (var i = 0; i < words.Count; i++)
            if (!_forms.TryGetValue(words[i], out tokens[i])) return false;
        var parser = new Parser(words, tokens);
        foreach (var end in parser.FirstClause(0))
        {
            if (end == tokens.Length) return true;
            if (parser.SecondClause(end).Contains(tokens.Length)) return true;
        }
        return false;
    }

    private sealed class Parser(IReadOnlyList<string> words, (Tag Tag, bool Plural)[] tokens)
    {
        private bool Is(int i, Tag tag) => i < tokens.Length && tokens[i].Tag == tag;

        private bool IsVerb(int i, bool plural) => Is(i, Tag.Verb) && tokens[i].Plural == plural;

        /// <summary>Subject [Prep NP | Rel …] [Neg] Verb [Object].</summary>
        public IEnumerable<int> FirstClause(int start)
        {
            foreach (var (subjectEnd, plural) in NounPhrase(start, 2))
            {
                var middles = new List<int> { subjectEnd };
                if (Is(subjectEnd, Tag.Preposition)) middles.AddRange(NounPhrase(subjectEnd + 1, 2).Select(p => p.End));
                if (Is(subjectEnd, Tag.Relativizer)) middles.AddRange(RelativeClause(subjectEnd + 1, plural));
                foreach (var middle in middles)
                    foreach (var end in Predicate(middle, plural, 2))
                        yield return end;
            }
        }

        /// <summary>Conj Subject [Neg] Verb [Object without adjectives].</summary>
        public IEnumerable<int> SecondClause(int start)
        {
            if (!Is(start, Tag.Conjunction)) yield break;
            foreach (var (subjectEnd, plural) in NounPhrase(start + 1, 2))
                foreach (var end in Predicate(subjectEnd, plural, 0))
                    yield return end;
        }

        /// <summary>"Verb NP" agreeing with the head, or "NP Verb" agreeing with that NP; no adjectives.</summary>
        private IEnumerable<int> RelativeClause(int start, bool headPlural)
        {
            if (IsVerb(start, headPlural))
                foreach (var (end, _) in NounPhrase(start + 1, 0)) yield return end;
            foreach (var (nounEnd, plural) in NounPhrase(start, 0))
                if (IsVerb(nounEnd, plural)) yield return nounEnd + 1;
        }

        /// <summary>[Neg] Verb [NP]: the ends with and without the optional object.</summary>
        private IEnumerable<int> Predicate(int start, bool plural, int objectAdjectives)
        {
            var verb = Is(start, Tag.Negation) ? start + 1 : start;
            if (!IsVerb(verb, plural)) yield break;
            yield return verb + 1;
            foreach (var (end, _) in NounPhrase(verb + 1, objectAdjectives)) yield return end;
        }

        /// <summary>Det Adj{0..max} Noun, two adjectives in a row never the same word; the end and the noun's number.</summary>
        private IEnumerable<(int End, bool Plural)> NounPhrase(int start, int maxAdjectives)
        {
            if (!Is(start, Tag.Determiner)) yield break;
            var i = start + 1;
            for (var count = 0; count < maxAdjectives && Is(i, Tag.Adjective); count++, i++)
                if (count > 0 && words[i] == words[i - 1]) yield break;
            if (Is(i, Tag.Noun)) yield return (i + 1, tokens[i].Plural);
        }
    }
}
