using System.Security.Cryptography.X509Certificates;
using System.Text.Json;

namespace Clusternet.Runtime.Hub;

/// <summary>
/// The front-proxy settings a parent publishes in <c>kube-system/extension-apiserver-authentication</c>: the CA that
/// signs the aggregator's client certificate, the names it may carry, and the header names for user, groups and extras.
/// </summary>
internal sealed class RequestHeaderConfiguration
{
    public const string ConfigMapNamespace = "kube-system";
    public const string ConfigMapName = "extension-apiserver-authentication";

    public RequestHeaderConfiguration(X509Certificate2Collection authorities, IReadOnlyList<string> allowedNames, IReadOnlyList<string> userHeaders, IReadOnlyList<string> groupHeaders, IReadOnlyList<string> extraPrefixes)
    {
        Authorities = authorities;
        AllowedNames = allowedNames;
        UserHeaders = userHeaders;
        GroupHeaders = groupHeaders;
        ExtraPrefixes = extraPrefixes;
    }

    // Chain building costs far more than the rest of a proxied request, and the front proxy presents the same
    // certificate on every request; verdicts are kept per certificate for this configuration's lifetime.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, bool> _verdicts = new(StringComparer.Ordinal);

    public X509Certificate2Collection Authorities { get; }

    /// <summary>Common names the client certificate may have; empty allows any certificate from <see cref="Authorities"/>.</summary>
    public IReadOnlyList<string> AllowedNames { get; }

    public IReadOnlyList<string> UserHeaders { get; }

    public IReadOnlyList<string> GroupHeaders { get; }

    public IReadOnlyList<string> ExtraPrefixes { get; }

    /// <summary>Reads the ConfigMap's data; null when it carries no requestheader CA (the parent has no front proxy).</summary>
    public static RequestHeaderConfiguration? FromConfigMapData(IDictionary<string, string>? data)
    {
        if (data is null || !data.TryGetValue("requestheader-client-ca-file", out var caPem) || string.IsNullOrWhiteSpace(caPem))
        {
            return null;
        }

        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPem(caPem);
        return new RequestHeaderConfiguration(
            authorities,
            List(data, "requestheader-allowed-names", []),
            List(data, "requestheader-username-headers", ["X-Remote-User"]),
            List(data, "requestheader-group-headers", ["X-Remote-Group"]),
            List(data, "requestheader-extra-headers-prefix", ["X-Remote-Extra-"]));
    }

    /// <summary>Whether <paramref name="certificate"/> chains to the requestheader CA and carries an allowed name.</summary>
    public bool Trusts(X509Certificate2 certificate)
    {
        var now = DateTime.Now;
        if (now < certificate.NotBefore || now > certificate.NotAfter)
        {
            return false;
        }

        var key = certificate.Thumbprint;
        if (_verdicts.TryGetValue(key, out var verdict))
        {
            return verdict;
        }

        verdict = Verify(certificate);
        if (_verdicts.Count < 64)
        {
            _verdicts[key] = verdict;
        }

        return verdict;
    }

    private bool Verify(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(Authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;

        // Client authentication usage, as Go's x509 verification with ExtKeyUsageClientAuth demands.
        chain.ChainPolicy.ApplicationPolicy.Add(new System.Security.Cryptography.Oid("1.3.6.1.5.5.7.3.2"));
        if (!chain.Build(certificate))
        {
            return false;
        }

        if (AllowedNames.Count == 0)
        {
            return true;
        }

        var commonName = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return AllowedNames.Contains(commonName, StringComparer.Ordinal);
    }

    private static IReadOnlyList<string> List(IDictionary<string, string> data, string key, IReadOnlyList<string> fallback)
    {
        if (!data.TryGetValue(key, out var json) || string.IsNullOrWhiteSpace(json))
        {
            return fallback;
        }

        // The values are JSON arrays of strings, as kube-apiserver writes them.
        var values = JsonSerializer.Deserialize<string[]>(json) ?? [];
        return values.Length == 0 ? fallback : values;
    }
}
