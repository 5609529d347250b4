namespace Repro.Plugins.Synthetic.Tests;

/// <summary>Multinomial bag-of-words Naive Bayes with add-one smoothing: a baseline for the topic signal.</summary>
internal sealed class NaiveBayes
{
    private readonly Dictionary<string, int>[] _counts;
    private readonly int[] _totals;
    private readonly double[] _priors;
    private readonly int _vocabulary;

    public NaiveBayes(IEnumerable<(string Text, int Label)> examples, int classes)
    {
        _counts = [.. Enumerable.Range(0, classes).Select(_ => new Dictionary<string, int>())];
        _totals = new int[classes];
        var docs = new int[classes];
        var vocabulary = new HashSet<string>();
        foreach (var (text, label) in examples)
        {
            docs[label]++;
            foreach (var word in Tasks.Words(text))
            {
                _counts[label][word] = _counts[label].GetValueOrDefault(word) + 1;
                _totals[label]++;
                vocabulary.Add(word);
            }
        }
        _vocabulary = vocabulary.Count;
        _priors = [.. docs.Select(d => Math.Log(d + 1.0))];
    }

    public int Predict(string text)
    {
        var best = 0;
        var bestScore = double.NegativeInfinity;
        for (var c = 0; c < _totals.Length; c++)
        {
            var score = _priors[c];
            foreach (var word in Tasks.Words(text))
                score += Math.Log((_counts[c].GetValueOrDefault(word) + 1.0) / (_totals[c] + _vocabulary + 1.0));
            if (score > bestScore) (best, bestScore) = (c, score);
        }
        return best;
    }

    public double Accuracy(IEnumerable<(string Text, int Label)> examples) => examples.Average(e => Predict(e.Text) == e.Label ? 1.0 : 0.0);
}
