using Repro.Contracts;

namespace Repro.Plugins.Synthetic;

/// <summary>
/// Draws distinct, pronounceable lower-case stems from a syllable inventory. No stem ends in "s",
/// so the inflected forms stem+"s" can never equal a stem and all word forms stay distinct.
/// </summary>
internal sealed class PseudoWords(Rng rng)
{
    private static readonly string[] Onsets =
        ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "t", "v", "z", "br", "dr", "fl", "gl", "gr",
         "kl", "kr", "pl", "pr", "sk", "sn", "sp", "st", "tr", "zw", "sh", "ch", "th", "w", "j"];
    private static readonly string[] Vowels = ["a", "e", "i", "o", "u", "ai", "oo", "ee", "au", "y"];
    private static readonly string[] InnerCodas = ["", "", "", "n", "m", "l", "r"];
    private static readonly string[] FinalCodas = ["", "", "n", "m", "l", "r", "t", "k", "p", "d", "g", "nt", "mp", "rk", "nd", "lb"];

    private readonly HashSet<string> _taken = [];

    /// <summary>A new stem of the given number of syllables, distinct from every stem drawn before.</summary>
    public string Next(int syllables)
    {
        for (var attempt = 0; attempt < 10_000; attempt++)
        {
            var word = "";
            for (var i = 0; i < syllables; i++)
                word += rng.Pick(Onsets) + rng.Pick(Vowels) + rng.Pick(i == syllables - 1 ? FinalCodas : InnerCodas);
            if (_taken.Add(word)) return word;
        }
        throw new InvalidOperationException($"could not find a new {syllables}-syllable word; the lexicon is too large for the syllable inventory");
    }
}
