using System.Text;
using System.Text.RegularExpressions;
using Repro.Engine.Runs;
using ScottPlot;

namespace Repro.Tool.Reports;

/// <summary>A figure written by a report: <c>Name.png</c> and <c>Name.svg</c> in the report folder, with a caption for the Markdown.</summary>
internal sealed record SavedFigure(string Name, string Caption);

/// <summary>The one look of every report figure: fixed size, shared colours, PNG and SVG written atomically, no timestamps.</summary>
internal static partial class Figure
{
    /// <summary>Pixel width of every figure; fixed so the same data gives the same image.</summary>
    public const int Width = 800;
    /// <summary>Pixel height of every figure.</summary>
    public const int Height = 450;

    private static readonly ScottPlot.Palettes.Category10 Palette = new();

    /// <summary>The i-th colour of the shared palette.</summary>
    public static Color Color(int i) => Palette.GetColor(i);

    /// <summary>A new plot with a title and axis labels.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, size: 16);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        return plot;
    }

    /// <summary>A new plot over training steps: whole-number ticks on the x axis.</summary>
    public static Plot OverSteps(string title, string yLabel)
    {
        var plot = Create(title, "step", yLabel);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        return plot;
    }

    /// <summary>Writes the plot as <c>name.png</c> and <c>name.svg</c> into <paramref name="folder"/>.</summary>
    public static SavedFigure Save(Plot plot, string folder, string name, string caption)
    {
        var png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        AtomicFile.Write(Path.Combine(folder, name + ".png"), temp => File.WriteAllBytes(temp, png));
        AtomicFile.WriteText(Path.Combine(folder, name + ".svg"), plot.GetSvgXml(Width, Height));
        return new SavedFigure(name, caption);
    }

    /// <summary>A file name made of <paramref name="parts"/>: letters, digits, dot, underscore and dash kept, the rest replaced by '-'.</summary>
    public static string FileName(params string[] parts) =>
        string.Join("-", parts.Select(p => Unsafe().Replace(p, "_")));

    /// <summary>The Markdown that shows a figure (PNG inline, SVG linked).</summary>
    public static string Markdown(SavedFigure figure) =>
        new StringBuilder().Append($"![{figure.Caption}]({figure.Name}.png)\n\n")
            .Append($"*{figure.Caption}* ([SVG]({figure.Name}.svg))\n\n").ToString();

    [GeneratedRegex("[^A-Za-z0-9._]")]
    private static partial Regex Unsafe();
}
