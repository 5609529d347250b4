using System.Text.RegularExpressions;
using Repro.Plugins.Synthetic;

namespace Repro.Plugins.Synthetic.Tests;

[Trait("Category", "Unit")]
public partial class VocabularyTests
{
    [GeneratedRegex("^[a-z]+$")]
    private static partial Regex LowercaseAscii();

    private static HashSet<string> CorpusTypes() =>
        [.. Tasks.AllSentences(Tasks.Corpus()).SelectMany(Tasks.Words)];

    [Fact]
    public void The_corpus_has_a_few_hundred_lowercase_ascii_word_types()
    {
        var types = CorpusTypes();
        Assert.InRange(types.Count, 200, 600);
        Assert.All(types, t => Assert.Matches(LowercaseAscii(), t));
    }

    [Fact]
    public void Every_word_of_the_lexicon_is_distinct_and_used_by_the_corpus()
    {
        var forms = SyntheticLanguage.For(new LanguageParameters()).Lexicon.Forms.ToList();
        Assert.Equal(forms.Count, forms.Distinct().Count());
        Assert.Equal(forms.ToHashSet(), CorpusTypes());
    }

    [Theory, MemberData(nameof(Tasks.FineTuningIds), MemberType = typeof(Tasks))]
    public void Fine_tuning_tasks_use_only_corpus_words(string id)
    {
        var types = CorpusTypes();
        Assert.All(Tasks.AllSentences(Tasks.ById(id)).SelectMany(Tasks.Words), w => Assert.Contains(w, types));
    }

    [Fact]
    public void Nouns_and_verbs_have_distinct_singular_and_plural_forms()
    {
        var lexicon = SyntheticLanguage.For(new LanguageParameters()).Lexicon;
        foreach (var cls in new[] { WordClass.Noun, WordClass.Verb })
            Assert.All(lexicon.SharedPool(cls).Concat(lexicon.TopicPool(cls, 0)), l => Assert.NotEqual(l.Singular, l.Plural));
    }

    [Fact]
    public void Lexicon_sizes_follow_the_parameters()
    {
        var lexicon = SyntheticLanguage.For(new LanguageParameters { Topics = 3, NounsPerTopic = 2, VerbsPerTopic = 2, AdjectivesPerTopic = 1, SharedNouns = 4, SharedVerbs = 3, SharedAdjectives = 2 }).Lexicon;
        // 26 function words + 3 × (2·2 + 2·2 + 1) + (4·2 + 3·2 + 2)
        Assert.Equal(26 + 27 + 16, lexicon.Forms.Count());
    }
}
