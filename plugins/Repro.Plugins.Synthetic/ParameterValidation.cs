using System.Globalization;
using System.Reflection;
using System.Text;
using Repro.Contracts;

namespace Repro.Plugins.Synthetic;

/// <summary>Checks each <see cref="ParamAttribute"/> property against its Min and Max.</summary>
internal static class ParameterValidation
{
    /// <summary>Throws for the first numeric parameter outside its range, naming it as recipes do (snake_case).</summary>
    public static void Check(object parameters)
    {
        foreach (var property in parameters.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<ParamAttribute>() is not { } param) continue;
            var value = Convert.ToDouble(property.GetValue(parameters), CultureInfo.InvariantCulture);
            if (value >= param.Min && value <= param.Max) continue; // false for NaN too
            var name = SnakeCase(property.Name);
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture,
                    $"{name} = {value} is out of range: it must lie within [{param.Min}, {param.Max}] ({param.Description})"),
                name);
        }
    }

    /// <summary><c>TopicPurity</c> → <c>topic_purity</c>.</summary>
    public static string SnakeCase(string name)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}
