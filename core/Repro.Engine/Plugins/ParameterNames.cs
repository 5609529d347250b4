using System.Text;

namespace Repro.Engine.Plugins;

/// <summary>The one convention for parameter names: C# PascalCase properties are snake_case in recipes.</summary>
public static class ParameterNames
{
    /// <summary><c>HiddenSize</c> → <c>hidden_size</c>, <c>FfnSize</c> → <c>ffn_size</c>, <c>L2Alpha</c> → <c>l2_alpha</c>.</summary>
    public static string ToSnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                var previousIsLowerOrDigit = i > 0 && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]));
                var nextIsLower = i + 1 < name.Length && char.IsLower(name[i + 1]);
                if (i > 0 && (previousIsLowerOrDigit || (nextIsLower && char.IsUpper(name[i - 1])))) sb.Append('_');
                sb.Append(char.ToLowerInvariant(c));
            }
            else sb.Append(c);
        }
        return sb.ToString();
    }
}
