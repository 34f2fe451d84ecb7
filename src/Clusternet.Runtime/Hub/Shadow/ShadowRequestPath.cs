namespace Clusternet.Runtime.Hub.Shadow;

/// <summary>
/// A path under <c>/apis/shadow/v1alpha1</c>, split as kube-apiserver splits resource paths:
/// <c>[/namespaces/&lt;ns&gt;]/&lt;plural&gt;[/&lt;name&gt;[/&lt;subresource&gt;]]</c>, where
/// <c>/namespaces/&lt;name&gt;/status</c> and <c>/finalize</c> are subresources of a Namespace, not a namespace's resources.
/// </summary>
internal sealed record ShadowRequestPath(string? Namespace, string Plural, string? Name, string? Subresource)
{
    /// <summary>Parses <paramref name="rest"/>; null when it names no resource (the group version root) or has too many segments.</summary>
    public static ShadowRequestPath? Parse(string rest, out bool root)
    {
        var segments = rest.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        root = segments.Length == 0;
        if (root || segments.Any(s => s is "." or ".." || s.Contains('/')))
        {
            return null;
        }

        string? @namespace = null;
        if (segments[0] == "namespaces" && segments.Length >= 3 && segments[2] is not ("status" or "finalize"))
        {
            @namespace = segments[1];
            segments = segments[2..];
        }

        return segments.Length switch
        {
            1 => new ShadowRequestPath(@namespace, segments[0], null, null),
            2 => new ShadowRequestPath(@namespace, segments[0], segments[1], null),
            3 => new ShadowRequestPath(@namespace, segments[0], segments[1], segments[2]),
            _ => null,
        };
    }
}
