using System.Security.Cryptography.X509Certificates;
using System.Text;
using Clusternet.ControlPlane.Security;
using Clusternet.ControlPlane.Security.Certificates;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// The aggregator's identity towards backends, kube-apiserver's <c>--requestheader-*</c> and <c>--proxy-client-*</c>
/// flags in one place: a requestheader CA of its own (separate from the instance CA, kept in <c>pki/front-proxy-ca.*</c>),
/// a client certificate it issued with CN <c>front-proxy-client</c>, and the header names that carry the caller. A
/// backend trusts <c>X-Remote-*</c> headers only on connections that present a certificate from this CA with an
/// allowed name.
/// </summary>
internal sealed class FrontProxy : IDisposable
{
    /// <summary>The CN of the client certificate, the only entry of <c>requestheader-allowed-names</c>.</summary>
    public const string ClientName = "front-proxy-client";

    /// <summary>Carries the user name.</summary>
    public const string UserHeader = "X-Remote-User";

    /// <summary>Carries one group per header.</summary>
    public const string GroupHeader = "X-Remote-Group";

    /// <summary>Prefixes each extra attribute's key, percent-encoded.</summary>
    public const string ExtraHeaderPrefix = "X-Remote-Extra-";

    private FrontProxy(CertificateAuthority authority, X509Certificate2 clientCertificate)
    {
        Authority = authority;
        ClientCertificate = clientCertificate;
    }

    /// <summary>The requestheader CA (<c>requestheader-client-ca-file</c>).</summary>
    public CertificateAuthority Authority { get; }

    /// <summary>The client certificate (with key) presented to every backend.</summary>
    public X509Certificate2 ClientCertificate { get; }

    /// <summary>Loads the requestheader CA from <c>DATA/pki</c> (or makes one; in memory without a data directory) and issues the client certificate.</summary>
    public static async Task<FrontProxy> LoadOrCreateAsync(string? dataDirectory, TimeProvider time, CancellationToken cancellationToken)
    {
        var authority = await InstanceCertificates.LoadOrCreateAsync(dataDirectory, "front-proxy-ca", time, cancellationToken).ConfigureAwait(false);
        return new FrontProxy(authority, authority.IssueClient(ClientName, [], time, TimeSpan.FromDays(365)));
    }

    /// <summary>
    /// Sets the identity headers for <paramref name="user"/> on an outgoing request after removing any the caller
    /// sent: a caller must never be able to choose the identity a backend sees.
    /// </summary>
    public static void SetIdentity(System.Net.Http.Headers.HttpRequestHeaders headers, UserInfo user)
    {
        RemoveIdentity(headers);
        headers.TryAddWithoutValidation(UserHeader, user.Name);
        RepeatedHeaderLines.Add(headers, GroupHeader, user.Groups);
        foreach (var (key, values) in user.Extra)
        {
            RepeatedHeaderLines.Add(headers, ExtraHeaderPrefix + EscapeExtraKey(key), values);
        }
    }

    /// <summary>
    /// Drops what the caller must not pass on: its credentials (<c>Authorization</c>), impersonation requests (already
    /// applied by the impersonation stage) and any <c>X-Remote-*</c> header it made up.
    /// </summary>
    public static void RemoveIdentity(System.Net.Http.Headers.HttpRequestHeaders headers)
    {
        List<string>? drop = null;
        foreach (var header in headers)
        {
            if (header.Key.StartsWith("X-Remote-", StringComparison.OrdinalIgnoreCase)
                || header.Key.StartsWith("Impersonate-", StringComparison.OrdinalIgnoreCase)
                || header.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
                || RepeatedHeaderLines.IsStandIn(header.Key))
            {
                (drop ??= []).Add(header.Key);
            }
        }

        foreach (var name in drop ?? [])
        {
            headers.Remove(name);
        }
    }

    /// <summary>
    /// Percent-encodes an extra key for use in a header name, as client-go's auth proxy does: every byte that is not
    /// an HTTP token character, and <c>%</c> itself (so that decoding is unambiguous), becomes <c>%XX</c>.
    /// </summary>
    public static string EscapeExtraKey(string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            if (IsTokenByte(b) && b != (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    public void Dispose()
    {
        ClientCertificate.Dispose();
        Authority.Dispose();
    }

    // RFC 7230 tchar.
    private static bool IsTokenByte(byte b) =>
        b is >= (byte)'a' and <= (byte)'z' or >= (byte)'A' and <= (byte)'Z' or >= (byte)'0' and <= (byte)'9'
        || "!#$%&'*+-.^_`|~".Contains((char)b, StringComparison.Ordinal);
}
