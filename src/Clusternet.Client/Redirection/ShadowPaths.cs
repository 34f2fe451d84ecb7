using System.Text;
using System.Text.RegularExpressions;

namespace Clusternet.Redirection;

/// <summary>
/// The request-path rewrite of upstream Clusternet's client-go wrapper, which sends ordinary Kubernetes calls to the
/// hub's shadow API (<c>/apis/shadow/v1alpha1</c>), where they are stored as Manifests instead of created.
/// </summary>
/// <remarks>
/// Step by step, for the host path prefix <c>P</c> (the configured URL's path without trailing slashes):
/// <list type="number">
/// <item>The first occurrence of <c>P</c> in the path is removed (anywhere, as upstream does; clients put it first).</item>
/// <item><c>/api/v1/&lt;rest&gt;</c> becomes <c>P + /apis/shadow/v1alpha1/&lt;rest&gt;</c>.</item>
/// <item><c>/apis/&lt;word&gt;.clusternet.io/v&lt;…&gt;/…</c> is left alone: Clusternet's own groups are real objects.
/// <c>&lt;word&gt;</c> is ASCII letters, digits and <c>_</c> only, so a dotted prefix such as <c>a.b.clusternet.io</c>
/// is not exempt.</item>
/// <item><c>/apis/&lt;group&gt;/v&lt;…&gt;/&lt;rest&gt;</c> becomes <c>P + /apis/shadow/v1alpha1/&lt;rest&gt;</c>: group and version are
/// dropped, the shadow API finds the resource by its plural.</item>
/// <item>A rewritten path is cleaned: repeated slashes collapse, dot segments resolve, a trailing slash goes.</item>
/// </list>
/// Discovery roots (<c>/api</c>, <c>/apis</c>, <c>/api/v1</c>, <c>/apis/apps/v1</c>) match no rule and stay, so clients
/// learn resources from the parent's real discovery. The path is matched in its escaped form: an encoded slash
/// (<c>%2F</c>) stays inside its segment, where upstream's Go decodes it first.
/// </remarks>
internal static partial class ShadowPaths
{
    /// <summary>The shadow API's group and version path.</summary>
    public const string ShadowApiPath = "/apis/shadow/v1alpha1";

    /// <summary>Rewrites the escaped request path <paramref name="path"/> for a host with path prefix <paramref name="hostPrefix"/>.</summary>
    public static string Rewrite(string path, string hostPrefix)
    {
        var requestPath = hostPrefix.Length == 0 ? path : RemoveFirst(path, hostPrefix);
        if (CoreV1().IsMatch(requestPath))
        {
            return Join(hostPrefix, CoreV1().Replace(requestPath, ShadowApiPath + "/$2"));
        }

        if (ClusternetGroup().IsMatch(requestPath))
        {
            return path;
        }

        if (GroupVersion().IsMatch(requestPath))
        {
            return Join(hostPrefix, GroupVersion().Replace(requestPath, ShadowApiPath + "/$2"));
        }

        return path;
    }

    private static string RemoveFirst(string path, string value)
    {
        var index = path.IndexOf(value, StringComparison.Ordinal);
        return index < 0 ? path : string.Concat(path.AsSpan(0, index), path.AsSpan(index + value.Length));
    }

    // Go's path.Join then path.Clean: the result is rooted, has no empty or dot segments and no trailing slash.
    private static string Join(string prefix, string path)
    {
        var segments = new List<string>();
        foreach (var segment in (prefix + "/" + path).Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }

                continue;
            }

            segments.Add(segment);
        }

        var joined = new StringBuilder();
        foreach (var segment in segments)
        {
            joined.Append('/').Append(segment);
        }

        return joined.Length == 0 ? "/" : joined.ToString();
    }

    // The three patterns of upstream's wrapper, with Go's ASCII \w spelled out.
    [GeneratedRegex("^(/api/v1)/(.*)", RegexOptions.CultureInvariant)]
    private static partial Regex CoreV1();

    [GeneratedRegex(@"^(/apis/[0-9A-Za-z_]*\.clusternet\.io/v[0-9A-Za-z_]*.)/(.*)", RegexOptions.CultureInvariant)]
    private static partial Regex ClusternetGroup();

    [GeneratedRegex("^(/apis/[^/]+/v[0-9A-Za-z_]+)(/.*)", RegexOptions.CultureInvariant)]
    private static partial Regex GroupVersion();
}
