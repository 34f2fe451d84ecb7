using System.Text.RegularExpressions;

namespace Clusternet.ControlPlane.Api.Discovery;

/// <summary>
/// Kubernetes' version priority: GA before beta before alpha (<c>v2</c>, <c>v1</c>, <c>v1beta2</c>, <c>v1beta1</c>,
/// <c>v1alpha1</c>), higher numbers first within a level, and versions that do not look like Kubernetes versions
/// last in alphabetical order. The first served version in this order is a group's preferred version.
/// </summary>
public sealed partial class KubeVersionOrder : IComparer<string>
{
    /// <summary>The shared instance.</summary>
    public static readonly KubeVersionOrder Instance = new();

    private KubeVersionOrder()
    {
    }

    /// <inheritdoc />
    public int Compare(string? x, string? y)
    {
        var a = Parse(x ?? string.Empty);
        var b = Parse(y ?? string.Empty);
        if (a.Level != b.Level)
        {
            return b.Level.CompareTo(a.Level);
        }

        if (a.Level == 0)
        {
            return string.CompareOrdinal(x, y);
        }

        return a.Major != b.Major ? b.Major.CompareTo(a.Major) : b.Minor.CompareTo(a.Minor);
    }

    private static (int Level, long Major, long Minor) Parse(string version)
    {
        var match = VersionPattern().Match(version);
        if (!match.Success)
        {
            return (0, 0, 0);
        }

        var major = long.Parse(match.Groups[1].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
        if (!match.Groups[2].Success)
        {
            return (3, major, 0);
        }

        var minor = long.Parse(match.Groups[3].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
        return (match.Groups[2].Value == "beta" ? 2 : 1, major, minor);
    }

    [GeneratedRegex("^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
