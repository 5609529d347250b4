using Repro.Engine.Recipes;

namespace Repro.Engine.Planning;

/// <summary>
/// The one list of a plan's problems: every check family (tasks, tokenizer, evaluated heads, memory, models, the declared
/// analysis) adds what it finds, and planning throws once, at the end, with all of them in file order. A check that
/// throws a recipe problem adds it and counts as failed, so what depends on its result is skipped, and only that.
/// </summary>
internal sealed class PlanningProblems
{
    private readonly List<Diagnostic> _problems = [];

    /// <summary>Adds problems found.</summary>
    public void Add(IEnumerable<Diagnostic> problems) => _problems.AddRange(problems);

    /// <summary>Runs <paramref name="check"/>; the recipe problems it throws are added. Whether it passed.</summary>
    public bool Try(Action check) => Try(() => { check(); return true; });

    /// <summary>Runs <paramref name="step"/>; the recipe problems it throws are added and the result is the default.</summary>
    public T? Try<T>(Func<T> step)
    {
        try { return step(); }
        catch (RecipeException e)
        {
            _problems.AddRange(e.Diagnostics);
            return default;
        }
    }

    /// <summary>Throws every problem added, in file order, if there is any.</summary>
    public void ThrowIfAny()
    {
        if (_problems.Count > 0) throw new RecipeException(RecipeLoader.Ordered(_problems));
    }
}
