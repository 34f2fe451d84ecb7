using System.Text.RegularExpressions;
using Clusternet.Apis.Proxies.V1Alpha1;

namespace Clusternet.Redirection;

/// <summary>
/// Addresses of the hub's sockets proxy, which forwards a request to a child cluster's API server:
/// <c>&lt;parent&gt;/apis/proxies.clusternet.io/v1alpha1/sockets/&lt;clusterId&gt;/proxy/direct/&lt;path&gt;</c>.
/// </summary>
/// <remarks>
/// The cluster id becomes a path segment of a URL the parent authorizes (RBAC on <c>sockets/proxy</c> with the id
/// as resource name), so it is validated before use: only a DNS-1123 label (what Clusternet generates for names) or
/// a UUID (what the agent uses as id) is accepted. Anything else — a slash, a dot segment, a percent-encoded
/// character — could move the request out of the child's API prefix or onto another cluster's proxy.
/// </remarks>
public static partial class SocketsProxy
{
    /// <summary>The path of the proxy's <c>direct</c> target (the child's own API server) for <paramref name="clusterId"/>, without a trailing slash.</summary>
    /// <param name="clusterId">The child cluster's id: a UUID or a DNS-1123 label.</param>
    /// <exception cref="ArgumentException">The id is neither a UUID nor a DNS-1123 label.</exception>
    public static string DirectPath(string clusterId) =>
        $"/apis/{Socket.KubeGroup}/{Socket.KubeApiVersion}/{Socket.KubePluralName}/{ValidateClusterId(clusterId)}/{Socket.ProxySubresource}/direct";

    /// <summary>
    /// The server URL under which the child's API appears: the parent's URL, its path prefix kept, followed by
    /// <see cref="DirectPath"/>. The query and fragment of <paramref name="parentHost"/> are dropped.
    /// </summary>
    /// <param name="parentHost">The parent API server's URL, as a kubeconfig <c>server:</c> gives it.</param>
    /// <param name="clusterId">The child cluster's id.</param>
    public static Uri DirectUri(Uri parentHost, string clusterId)
    {
        ArgumentNullException.ThrowIfNull(parentHost);
        if (!parentHost.IsAbsoluteUri)
        {
            throw new ArgumentException("The parent host must be an absolute URL.", nameof(parentHost));
        }

        return new Uri(parentHost.GetLeftPart(UriPartial.Authority) + PathPrefixOf(parentHost) + DirectPath(clusterId));
    }

    /// <summary>Throws unless <paramref name="clusterId"/> is a DNS-1123 label or a UUID; returns it unchanged.</summary>
    internal static string ValidateClusterId(string clusterId)
    {
        ArgumentNullException.ThrowIfNull(clusterId);
        if (clusterId.Length > 63 || !(Dns1123Label().IsMatch(clusterId) || Guid.TryParseExact(clusterId, "D", out _)))
        {
            throw new ArgumentException(
                $"'{clusterId}' is not a cluster id: expected a UUID or a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters).",
                nameof(clusterId));
        }

        return clusterId;
    }

    /// <summary>The escaped path of a host URL without trailing slashes: "" for <c>https://h</c>, <c>/abc</c> for <c>https://h/abc///</c>.</summary>
    internal static string PathPrefixOf(Uri host) => host.AbsolutePath.TrimEnd('/');

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Label();
}
