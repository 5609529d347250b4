using System.Text.RegularExpressions;
using CsCheck;
using Xunit.Abstractions;
using Repro.Engine;
using Repro.Engine.Planning;
using Repro.Engine.Plugins;
using Repro.Engine.Recipes;
using Repro.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Repro.Tests;

/// <summary>
/// Property: every recipe, however mangled, is either valid (and plans) or refused, in reading, binding or planning, with
/// problems that each name a <c>file:line:column</c> (exit 2) — never another exception. The cases are the shipped recipes with nodes
/// deleted, duplicated, retyped and swapped, and with random characters inserted, deleted and repeated; they
/// come from CsCheck generators driven by a fixed seed, so every run checks the same cases.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed partial class RecipeFuzzTests(ITestOutputHelper output)
{
    /// <summary>How many mutated recipes one run checks.</summary>
    private const int Cases = 8000;

    /// <summary>
    /// How many valid mutants of each shipped recipe are also planned (tasks loaded, tokenizer built, checkpoints loaded:
    /// seconds each, where reading and binding take milliseconds); the first ones met, so every run plans the same.
    /// </summary>
    private const int PlansPerRecipe = 3;

    private static readonly string[] Values =
        ["", "-1", "0", "1e309", "-0.5", "NaN", ".inf", "abc", "[1, 2]", "{a: 1}", "null", "~", "99999999999999999999", "true",
         "\"quoted\"", "[]", "{}", "stage", "pretrain", "finetune", "fuse", "[a, b]", "bert-encoder", "{ plugin: synthetic-topic }", "x/y/z"];

    private static readonly char[] Characters = [':', '-', '[', ']', '{', '}', '&', '*', '\t', '\n', '"', '\'', '#', '|', '>', '!', '%', '@', ' ', 'a', '1', '\u00e9', '\0'];

    /// <summary>One mutation: its kind and the random choices it needs.</summary>
    private sealed record Mutation(int Kind, int A, int B, int C, char Character);

    private static readonly Gen<(int Recipe, Mutation[] Mutations)> Case =
        Gen.Select(Gen.Int[0, 1000], Gen.Select(Gen.Int[0, 4], Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20], Gen.Int[0, Characters.Length - 1])
            .Select((kind, a, b, c, ch) => new Mutation(kind, a, b, c, Characters[ch])).Array[1, 4]);

    [Fact]
    public void MangledRecipesAreValidOrRefusedWithPositions()
    {
        var recipes = Directory.GetFiles(Path.Combine(Paths.Root, "recipes"), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        var catalog = PluginCatalog.Load([Paths.BuiltInPlugins]);
        using var temp = new TempDirectory();
        var pcg = new PCG(20261204u, 20261204uL);
        var (valid, refused, plans) = (0, 0, 0);
        var planned = new int[recipes.Count];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < Cases; i++)
        {
            var (recipe, mutations) = Case.Generate(pcg, null, out _);
            var text = Mutate(recipes[recipe % recipes.Count], mutations);
            var path = temp.Write($"case{i % 8}.yaml", text);
            try
            {
                var problems = new List<Diagnostic>();
                var document = RecipeDocument.Load(path, []);
                var loaded = RecipeReader.Read(document, _ => catalog, problems);
                if (problems.Count == 0) RecipePluginChecks.Check(loaded, catalog, problems);
                if (problems.Count == 0 && planned[recipe % recipes.Count]++ < PlansPerRecipe)
                {
                    plans++;
                    RunPlanner.Plan(loaded, loaded.Seeds[0], null, new SilentObserver());
                }
                if (problems.Count == 0) { valid++; continue; }
                Assert.True(problems.All(p => Position().IsMatch(p.Location)), $"case {i}: a problem without a position:\n{string.Join("\n", problems)}\n--- recipe\n{text}");
                refused++;
            }
            catch (RecipeException e)
            {
                Assert.True(e.Diagnostics.All(p => Position().IsMatch(p.Location)), $"case {i}: a problem without a position:\n{e.Message}\n--- recipe\n{text}");
                refused++;
            }
            catch (ReproException e) when (e.ExitCode == ExitCodes.BadInput)
            {
                Assert.Fail($"case {i}: refused without a position: {e.Message}\n--- recipe\n{text}");
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}\n--- recipe\n{text}");
            }
        }
        output.WriteLine($"{Cases} mangled recipes in {clock.Elapsed.TotalSeconds:0} s: {valid} valid ({plans} of them planned), {refused} refused with positions");
        Assert.Equal(Cases, valid + refused);
        Assert.Equal(PlansPerRecipe * recipes.Count, plans);
        Assert.True(valid > 0 && refused > Cases / 2, $"valid {valid}, refused {refused}: the mutations should mostly break recipes, not always");
    }

    [GeneratedRegex(@":\d+:\d+$|^--set ")]
    private static partial Regex Position();

    /// <summary>Applies the mutations: tree edits on the parsed recipe, then character edits on its text.</summary>
    private static string Mutate(string recipe, Mutation[] mutations)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(recipe));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        foreach (var m in mutations.Where(m => m.Kind < 4)) EditTree(root, m);
        using var writer = new StringWriter();
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        foreach (var m in mutations.Where(m => m.Kind == 4)) text = EditText(text, m);
        return text;
    }

    private static void EditTree(YamlMappingNode root, Mutation m)
    {
        var mappings = root.AllNodes.OfType<YamlMappingNode>().Where(n => n.Children.Count > 0).ToList();
        var mapping = mappings[m.A % mappings.Count];
        var keys = mapping.Children.Keys.ToList();
        var key = keys[m.B % keys.Count];
        switch (m.Kind)
        {
            case 0:   // delete an entry
                mapping.Children.Remove(key);
                break;
            case 1:   // duplicate an entry into another mapping, under its own name
                var other = mappings[m.C % mappings.Count];
                if (!Contains(mapping.Children[key], other)) other.Children[new YamlScalarNode(((YamlScalarNode)key).Value)] = mapping.Children[key];
                break;
            case 2:   // retype a value
                var parsed = new YamlStream();
                parsed.Load(new StringReader("v: " + Values[m.C % Values.Length]));
                mapping.Children[key] = ((YamlMappingNode)parsed.Documents[0].RootNode).Children[new YamlScalarNode("v")];
                break;
            case 3:   // swap two values
                var second = mappings[m.C % mappings.Count];
                var secondKey = second.Children.Keys.ElementAt(m.B % second.Children.Count);
                if (Contains(mapping.Children[key], second) || Contains(second.Children[secondKey], mapping)) break;
                (mapping.Children[key], second.Children[secondKey]) = (second.Children[secondKey], mapping.Children[key]);
                break;
        }
    }

    /// <summary>Whether <paramref name="node"/> is or holds <paramref name="target"/> (moving it there would make a cycle).</summary>
    private static bool Contains(YamlNode node, YamlNode target) => node.AllNodes.Any(n => ReferenceEquals(n, target));

    private static string EditText(string text, Mutation m)
    {
        var at = m.A % (text.Length + 1);
        return (m.B % 3) switch
        {
            0 => text.Insert(at, m.Character.ToString()),
            1 when at < text.Length => text.Remove(at, 1),
            _ => LineRepeated(text, at),
        };
    }

    private static string LineRepeated(string text, int at)
    {
        var start = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
        var end = text.IndexOf('\n', at);
        var line = end < 0 ? text[start..] + "\n" : text[start..(end + 1)];
        return text.Insert(start, line);
    }
}
