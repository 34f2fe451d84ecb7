using System.Text.Json;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Rest;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// <c>kube-system/extension-apiserver-authentication</c>: what kube-apiserver publishes so that aggregated API servers
/// can authenticate its clients and its front proxy (the CA bundles, the allowed front-proxy names and the header names,
/// lists as JSON arrays). Every backend reads it at start; Clusternet's hub does.
/// </summary>
internal static class AuthenticationConfigMap
{
    public const string Namespace = "kube-system";
    public const string Name = "extension-apiserver-authentication";

    /// <summary>The <c>data</c> the ConfigMap must hold for this instance.</summary>
    public static Dictionary<string, string> Data(string clientCaPem, FrontProxy frontProxy) => new(StringComparer.Ordinal)
    {
        ["client-ca-file"] = clientCaPem,
        ["requestheader-client-ca-file"] = frontProxy.Authority.CertificatePem,
        ["requestheader-allowed-names"] = JsonArray(FrontProxy.ClientName),
        ["requestheader-username-headers"] = JsonArray(FrontProxy.UserHeader),
        ["requestheader-group-headers"] = JsonArray(FrontProxy.GroupHeader),
        ["requestheader-extra-headers-prefix"] = JsonArray(FrontProxy.ExtraHeaderPrefix),
    };

    /// <summary>Creates the ConfigMap or puts its data right, straight into storage before the server listens.</summary>
    public static async Task PublishAsync(IObjectStore store, IReadOnlyDictionary<string, string> data, TimeProvider time, CancellationToken cancellationToken)
    {
        var key = new StorageKey("configmaps", Namespace, Name);
        var existing = await store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            var created = new JsonObject
            {
                ["apiVersion"] = "v1",
                ["kind"] = "ConfigMap",
                ["metadata"] = new JsonObject { ["name"] = Name, ["namespace"] = Namespace },
                ["data"] = ToJson(data),
            };
            ObjectMetadata.PrepareForCreate(created, time.GetUtcNow());
            await store.CreateAsync(key, created, cancellationToken).ConfigureAwait(false);
            return;
        }

        await store.GuaranteedUpdateAsync(
            key,
            current =>
            {
                if (current is null || Matches(current["data"] as JsonObject, data))
                {
                    return null;
                }

                current["data"] = ToJson(data);
                return current;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether <paramref name="actual"/> holds exactly <paramref name="data"/>.</summary>
    public static bool Matches(JsonObject? actual, IReadOnlyDictionary<string, string> data) =>
        actual is not null && actual.Count == data.Count
        && data.All(kv => actual[kv.Key] is JsonValue v && v.TryGetValue<string>(out var s) && s == kv.Value);

    private static JsonObject ToJson(IReadOnlyDictionary<string, string> data) =>
        new(data.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));

    // Go's encoding/json form, no spaces: ["X-Remote-User"].
    private static string JsonArray(string value) => JsonSerializer.Serialize(new[] { value });
}
