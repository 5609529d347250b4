namespace Repro.Plugins.Corpora.Brown;

/// <summary>
/// Brown's 87 part-of-speech tags mapped to the 12 universal tags of Petrov, Das and McDonald (2012), by the base tag.
/// How a tag is reduced to its base: <c>fw-</c> (foreign word) → <c>X</c> whatever follows; the title, headline and
/// cited-word suffixes <c>-tl</c>, <c>-hl</c>, <c>-nc</c> are dropped; a contraction's compound tag (<c>pps+bez</c>,
/// "it's") takes its first part (the pronoun); a negation's <c>*</c> (<c>bez*</c>, "isn't") is dropped (the verb); the
/// possessive <c>$</c> is dropped (<c>np$</c> → <c>np</c>) except in the possessive pronouns <c>pp$</c>, <c>pp$$</c> and
/// <c>wp$</c> (→ <c>PRON</c>). <c>*</c> alone ("not", "n't") is <c>ADV</c>, as the Penn mapping makes <c>not</c>/RB; a base
/// tag outside the table (a corpus typo) is <c>X</c> and counted in the task's notes.
/// </summary>
internal static class BrownTagset
{
    /// <summary>The universal tags, in the order of the task's labels.</summary>
    public static readonly IReadOnlyList<string> Universal = ["NOUN", "VERB", "ADJ", "ADV", "PRON", "DET", "ADP", "NUM", "CONJ", "PRT", ".", "X"];

    private static readonly Dictionary<string, string> Base = Table(
        ("NOUN", "nn nns np nps nr nrs"),
        ("VERB", "vb vbd vbg vbn vbz md be bed bedz beg bem ben ber bez do dod doz hv hvd hvg hvn hvz"),
        ("ADJ", "jj jjr jjs jjt od"),
        ("ADV", "rb rbr rbt rn ql qlp abl wql wrb *"),
        ("PRON", "pn pp$ pp$$ ppl ppls ppo pps ppss wp$ wpo wps"),
        ("DET", "at abn abx ap dt dti dts dtx ex wdt"),
        ("ADP", "in cs"),
        ("NUM", "cd"),
        ("CONJ", "cc"),
        ("PRT", "rp to"),
        (".", ". , : ; ( ) -- ' '' ``"),
        ("X", "uh nil"));

    /// <summary>The universal tag of a Brown tag; <paramref name="known"/> is false when its base tag is not in the table (then <c>X</c>).</summary>
    public static string Map(string tag, out bool known)
    {
        known = true;
        var t = tag.ToLowerInvariant();
        if (t.StartsWith("fw-", StringComparison.Ordinal)) return "X";
        string stripped;
        do
        {
            stripped = t;
            foreach (var suffix in new[] { "-tl", "-hl", "-nc" })
                if (t.EndsWith(suffix, StringComparison.Ordinal)) t = t[..^suffix.Length];
        } while (t != stripped);
        if (t.IndexOf('+') is > 0 and var plus) t = t[..plus];
        if (Base.TryGetValue(t, out var universal)) return universal;
        var bare = t.TrimEnd('*', '$');
        if (bare.Length > 0 && Base.TryGetValue(bare, out universal)) return universal;
        known = false;
        return "X";
    }

    private static Dictionary<string, string> Table(params (string Universal, string Tags)[] rows) =>
        rows.SelectMany(r => r.Tags.Split(' ').Select(t => (t, r.Universal))).ToDictionary(p => p.t, p => p.Universal, StringComparer.Ordinal);
}
