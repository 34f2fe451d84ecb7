using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// What the aggregator needs of one <c>apiregistration.k8s.io/v1</c> APIService: the group-version it claims, where its
/// backend is (null service = served locally), how to trust the backend, its discovery priorities and whether the
/// availability controller last found it Available.
/// </summary>
internal sealed record ApiServiceRoute(
    string Name,
    string Group,
    string Version,
    ServiceReference? Service,
    byte[]? CaBundle,
    bool InsecureSkipTlsVerify,
    int GroupPriorityMinimum,
    int VersionPriority,
    bool Available)
{
    /// <summary>The APIService's resourceVersion, so caches can tell a changed object from an unchanged one.</summary>
    public string ResourceVersion { get; init; } = string.Empty;

    /// <summary>Reads an APIService as stored; null when it lacks a group-version (validation normally prevents that).</summary>
    public static ApiServiceRoute? From(JsonObject apiService)
    {
        var name = JsonFields.String(apiService, "metadata", "name") ?? string.Empty;
        var version = JsonFields.String(apiService, "spec", "version");
        if (string.IsNullOrEmpty(version))
        {
            return null;
        }

        var group = JsonFields.String(apiService, "spec", "group") ?? string.Empty;
        ServiceReference? service = null;
        if (JsonFields.Object(apiService, "spec", "service") is { } reference)
        {
            // An absent port means 443, as the API's defaulting does.
            service = new ServiceReference(
                JsonFields.String(reference, "namespace") ?? string.Empty,
                JsonFields.String(reference, "name") ?? string.Empty,
                (int)(JsonFields.Integer(reference, "port") ?? 443));
        }

        byte[]? caBundle = null;
        if (JsonFields.String(apiService, "spec", "caBundle") is { Length: > 0 } encoded)
        {
            try
            {
                caBundle = Convert.FromBase64String(encoded);
            }
            catch (FormatException)
            {
                caBundle = [];
            }
        }

        var available = JsonFields.Array(apiService, "status", "conditions")
            .OfType<JsonObject>()
            .Any(c => JsonFields.String(c, "type") == "Available" && JsonFields.String(c, "status") == "True");
        return new ApiServiceRoute(
            name,
            group,
            version,
            service,
            caBundle,
            JsonFields.Bool(apiService, "spec", "insecureSkipTLSVerify"),
            (int)(JsonFields.Integer(apiService, "spec", "groupPriorityMinimum") ?? 0),
            (int)(JsonFields.Integer(apiService, "spec", "versionPriority") ?? 0),
            available)
        {
            ResourceVersion = JsonFields.String(apiService, "metadata", "resourceVersion") ?? string.Empty,
        };
    }
}

/// <summary>An APIService's <c>spec.service</c>: the Service in front of the backend and the Service port to use.</summary>
internal sealed record ServiceReference(string Namespace, string Name, int Port)
{
    /// <summary>
    /// The DNS name the backend's serving certificate must carry, <c>&lt;service&gt;.&lt;namespace&gt;.svc</c>, which
    /// kube-aggregator verifies however the backend is reached.
    /// </summary>
    public string ServerName => Name + "." + Namespace + ".svc";
}
