using System.Text.Json.Nodes;
using CsCheck;
using Xunit.Abstractions;
using Repro.Engine;
using Repro.Engine.Launching;
using Repro.Engine.Runs;
using Repro.Engine.Slurm;
using Repro.Engine.Statistics;
using Repro.Engine.Sweeps;
using Repro.Tests.Support;

namespace Repro.Tests;

/// <summary>
/// Property: a group or sweep folder with one damaged file (truncated, emptied to <c>{}</c>, a field removed, nulled or retyped, random
/// bytes, the file deleted) is read by what <c>status</c>, <c>compare</c>, <c>report</c> and <c>run --resume</c> read either
/// normally or refused with a <see cref="ReproException"/> (exit 2) naming the damaged file — never another exception. The folders
/// are a committed sweep (smart 2.0.0: sweep.json, two configurations' plan.json, group.json and seed records, twenty run
/// directories); the cases come from CsCheck generators driven by a fixed seed, so every run checks the same cases.
/// </summary>
[Trait("Category", "Integration")]
[Collection(Serial.Name)]
public sealed class FolderFuzzTests(ITestOutputHelper output)
{
    private const int Cases = 1500;

    private static readonly Gen<(int File, int Kind, int A, int B)> Case = Gen.Select(Gen.Int[0, 1 << 20], Gen.Int[0, 7], Gen.Int[0, 1 << 20], Gen.Int[0, 1 << 20]);

    private static readonly JsonNode?[] Values = [null, JsonValue.Create(0), JsonValue.Create(-1), JsonValue.Create("x"), JsonValue.Create(""),
        JsonValue.Create(1e308), JsonValue.Create(true), new JsonArray(), new JsonObject(), JsonValue.Create("../../../../etc"), JsonValue.Create("/abs")];

    [Fact]
    public void DamagedFolderFilesAreReadOrRefusedByName()
    {
        using var temp = new TempDirectory();
        var source = Path.Combine(Paths.Root, "docs", "results", "smart", "runs", "smart@2.0.0");
        var recipeFolder = Path.Combine(temp.Path, "smart@2.0.0");
        Copy(source, recipeFolder);
        var sweep = Directory.GetDirectories(recipeFolder, "sweep-*").Single();
        var files = Directory.GetFiles(sweep, "*.json", SearchOption.AllDirectories)
            .Concat(Directory.GetDirectories(recipeFolder, "*-seed1").SelectMany(run => Directory.GetFiles(run, "*.json", SearchOption.AllDirectories)))
            .Order(StringComparer.Ordinal).ToList();
        var pcg = new PCG(20261207u, 20261207uL);
        var (read, refused) = (0, 0);
        for (var i = 0; i < Cases; i++)
        {
            var (fileIndex, kind, a, b) = Case.Generate(pcg, null, out _);
            var file = files[fileIndex % files.Count];
            var original = File.ReadAllBytes(file);
            var damage = Damage(File.ReadAllText(file), kind, a, b);
            if (damage is null) File.Delete(file);
            else File.WriteAllText(file, damage);
            try
            {
                ReadLikeTheCommands(sweep);
                read++;
            }
            catch (ReproException e) when (e.ExitCode == ExitCodes.BadInput)
            {
                Assert.True(e.Message.Contains(file, StringComparison.Ordinal) || e.Message.Contains(Path.GetRelativePath(sweep, file), StringComparison.Ordinal)
                    || e.Message.Contains(Path.GetDirectoryName(file)!, StringComparison.Ordinal),
                    $"case {i}: {Path.GetRelativePath(sweep, file)} damaged ({Describe(kind)}), refused without naming it: {e.Message}");
                refused++;
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"case {i}: {Path.GetRelativePath(recipeFolder, file)} damaged ({Describe(kind)}) gave {e.GetType().Name}: {e}\n--- file\n{damage}");
            }
            finally
            {
                File.WriteAllBytes(file, original);
            }
        }
        output.WriteLine($"{Cases} damaged files: {read} read normally, {refused} refused naming the file");
        Assert.True(refused > Cases / 3, $"only {refused} of {Cases} damaged files were refused: the damage is too mild to test anything");
    }

    // What status, compare (the declared analysis and --stages), report and run --resume read of a sweep and its groups.
    private static void ReadLikeTheCommands(string sweep)
    {
        var folder = SweepFolder.Open(sweep);
        foreach (var (_, group) in folder.Groups) _ = group.States();
        var result = GroupSource.Load(sweep);
        if (AnalysisSource.Of(sweep, result) is { } spec)
        {
            _ = DeclaredAnalysis.Of(spec, result, 200);
            _ = SanityGates.Check(sweep, result, spec);
        }
        var c1 = folder.Groups[0].Group.Path;
        var stages = GroupSource.Load(c1);
        _ = GroupComparison.OfStages(stages, "vanilla", "smart", [], 0.05, 200);
        foreach (var path in new[] { sweep, c1 })
            _ = LaunchPlanner.Plan(new LaunchRequest(null, path, [], null, null, [], ExecutorKind.Local, 1, SlurmDefaults.None, null,
                Path.GetDirectoryName(sweep)!, null, [], []));
    }

    private static string? Damage(string json, int kind, int a, int b)
    {
        switch (kind)
        {
            case 0: return json[..(a % Math.Max(1, json.Length))];
            case 1: return "{}";
            case 2: return null;
            case 3: return new string([.. Enumerable.Range(0, 1 + a % 64).Select(j => (char)(32 + (a * 31 + j * 17 + b) % 95))]);
        }
        var root = JsonNode.Parse(json)!;
        var fields = Fields(root).ToList();
        if (fields.Count == 0) return "[]";
        var (parent, key) = fields[a % fields.Count];
        var value = Values[b % Values.Length]?.DeepClone();
        switch (kind, parent)
        {
            case (4, JsonObject o): o.Remove(key); break;
            case (5, JsonObject o): o[key] = null; break;
            case (_, JsonObject o): o[key] = value; break;
            case (_, JsonArray array): array[int.Parse(key)] = value; break;
        }
        return root.ToJsonString();
    }

    private static string Describe(int kind) =>
        kind switch { 0 => "truncated", 1 => "emptied to {}", 2 => "deleted", 3 => "random characters", 4 => "a field removed", 5 => "a field nulled", _ => "a field retyped" };

    private static IEnumerable<(JsonNode Parent, string Key)> Fields(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    yield return (o, key);
                    if (child is not null) foreach (var inner in Fields(child)) yield return inner;
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (array, i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (array[i] is { } child) foreach (var inner in Fields(child)) yield return inner;
                }
                break;
        }
    }

    private static void Copy(string from, string to)
    {
        foreach (var directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }
}
