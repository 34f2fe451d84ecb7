using System.Text;

namespace Clusternet.ControlPlane.Security.Authorization.Rbac;

/// <summary>Go's <c>%q</c> for the strings and string lists kube puts in RBAC messages.</summary>
internal static class GoQuote
{
    /// <summary><c>"text"</c> with backslash and quote escaped.</summary>
    public static string String(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => builder.Append("\\\""),
                '\\' => builder.Append("\\\\"),
                '\n' => builder.Append("\\n"),
                '\t' => builder.Append("\\t"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('"').ToString();
    }

    /// <summary><c>["a" "b"]</c>: a Go string slice printed with <c>%q</c>.</summary>
    public static string List(IEnumerable<string> values) => "[" + string.Join(' ', values.Select(String)) + "]";
}
