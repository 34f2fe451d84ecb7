using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Api.Rest;
using Clusternet.ControlPlane.Security.Authentication;
using Clusternet.ControlPlane.Storage;
using Clusternet.ControlPlane.Validation;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Security.Tokens;

/// <summary>
/// The TokenRequest API, <c>POST .../serviceaccounts/&lt;name&gt;/token</c> (what <c>kubectl create token</c> and
/// KubernetesClient's <c>CreateNamespacedServiceAccountTokenAsync</c> call): issues a bound token for the service
/// account, for the requested audiences (the API audiences by default), expiring after <c>spec.expirationSeconds</c>
/// (default one hour, at least ten minutes), optionally bound to a Secret or Pod so that deleting that object
/// revokes it. Nothing is stored.
/// </summary>
internal sealed class TokenRequestEndpoint(IObjectStore store, ServiceAccountTokenIssuer issuer, long maxBodyBytes) : ICreateOnlyEndpoint
{
    private const string GroupName = "authentication.k8s.io";
    private const string Kind = "TokenRequest";
    private const long DefaultExpirationSeconds = 3600;
    private const long MinExpirationSeconds = 600;
    private const long MaxExpirationSeconds = 1L << 32;

    public string Group => string.Empty;

    public string Resource => "serviceaccounts";

    public string? Subresource => "token";

    public async Task HandleAsync(ResourceRequest request)
    {
        var ns = request.Info.Namespace!;
        var name = request.Name;
        var token = await ReviewObject.ReadAsync(request, maxBodyBytes, Kind, GroupName + "/v1").ConfigureAwait(false);
        var metadata = (JsonObject)token["metadata"]!;
        if (StoredFields.String(metadata["name"]) is { Length: > 0 } bodyName && bodyName != name)
        {
            throw Invalid(name, new FieldError(FieldErrorType.Invalid, "metadata.name", bodyName, "must match the service account name if specified"));
        }

        if (StoredFields.String(metadata["namespace"]) is { Length: > 0 } bodyNamespace && bodyNamespace != ns)
        {
            throw Invalid(name, new FieldError(FieldErrorType.Invalid, "metadata.namespace", bodyNamespace, "must match the service account namespace if specified"));
        }

        var account = await store.GetAsync(new StorageKey("serviceaccounts", ns, name), request.Aborted).ConfigureAwait(false)
            ?? throw ResourceErrors.NotFound(request.Resource, name);

        var spec = token["spec"] as JsonObject ?? new JsonObject();
        token["spec"] = spec;
        if (spec["audiences"] is not JsonArray { Count: > 0 })
        {
            spec["audiences"] = new JsonArray([.. ServiceAccountTokenIssuer.ApiAudiences.Select(a => (JsonNode)a)]);
        }

        var expirationSeconds = spec["expirationSeconds"] is JsonValue seconds && seconds.TryGetValue<long>(out var given) ? given : DefaultExpirationSeconds;
        spec["expirationSeconds"] = expirationSeconds;
        metadata["name"] = name;
        metadata["namespace"] = ns;
        token.Remove("status");
        if (expirationSeconds < MinExpirationSeconds)
        {
            throw Invalid(string.Empty, new FieldError(FieldErrorType.Invalid, "spec.expirationSeconds", expirationSeconds, "may not specify a duration less than 10 minutes"));
        }

        if (expirationSeconds > MaxExpirationSeconds)
        {
            throw Invalid(string.Empty, new FieldError(FieldErrorType.Invalid, "spec.expirationSeconds", expirationSeconds, "may not specify a duration larger than 2^32 seconds"));
        }

        var binding = await BindAsync(ns, name, spec["boundObjectRef"] as JsonObject, request.Aborted).ConfigureAwait(false);
        var audiences = ((JsonArray)spec["audiences"]!).Select(StoredFields.String).OfType<string>().ToArray();
        var (issued, expiration) = issuer.IssueBound(
            ns,
            new ObjectRef(name, StoredFields.Uid(account) ?? string.Empty),
            audiences,
            TimeSpan.FromSeconds(expirationSeconds),
            binding.Secret,
            binding.Pod,
            binding.Node);
        // Issued now (the token's iat), so the reported expiration is exactly the token's exp.
        metadata["creationTimestamp"] = ObjectMetadata.Timestamp(expiration - TimeSpan.FromSeconds(expirationSeconds));
        token["status"] = new JsonObject { ["token"] = issued, ["expirationTimestamp"] = ObjectMetadata.Timestamp(expiration) };
        await ObjectResponse.WriteAsync(request.Context, token, StatusCodes.Status201Created).ConfigureAwait(false);
    }

    private async Task<(ObjectRef? Secret, ObjectRef? Pod, ObjectRef? Node)> BindAsync(string ns, string accountName, JsonObject? reference, CancellationToken cancellationToken)
    {
        if (reference is null)
        {
            return default;
        }

        var apiVersion = StoredFields.String(reference["apiVersion"]) ?? string.Empty;
        var kind = StoredFields.String(reference["kind"]) ?? string.Empty;
        var objectName = StoredFields.String(reference["name"]) ?? string.Empty;
        var resource = (apiVersion, kind) switch
        {
            ("v1", "Pod") => "pods",
            ("v1", "Secret") => "secrets",
            _ => throw ResourceErrors.BadRequest($"cannot bind token to object of type {GroupVersionKind(apiVersion, kind)}"),
        };
        var bound = await store.GetAsync(new StorageKey(resource, ns, objectName), cancellationToken).ConfigureAwait(false)
            ?? throw StatusException.Create(404, "NotFound", $"{resource} \"{objectName}\" not found", new V1StatusDetails { Name = objectName, Kind = resource });
        var uid = StoredFields.Uid(bound) ?? string.Empty;
        if (StoredFields.String(reference["uid"]) is { Length: > 0 } expected && expected != uid)
        {
            throw StatusException.Create(
                409,
                "Conflict",
                $"Operation cannot be fulfilled on {kind} \"{objectName}\": the UID in the bound object reference ({expected}) does not match the UID in record. The object might have been deleted and then recreated",
                new V1StatusDetails { Name = objectName, Kind = kind });
        }

        if (resource == "secrets")
        {
            return (new ObjectRef(objectName, uid), null, null);
        }

        if (StoredFields.String(bound["spec"]?["serviceAccountName"]) != accountName)
        {
            throw ResourceErrors.BadRequest($"cannot bind token for serviceaccount \"{accountName}\" to pod running with different serviceaccount name.");
        }

        // kube-apiserver also names the pod's node in the token when it can find it.
        ObjectRef? node = null;
        if (StoredFields.String(bound["spec"]?["nodeName"]) is { Length: > 0 } nodeName
            && await store.GetAsync(new StorageKey("nodes", null, nodeName), cancellationToken).ConfigureAwait(false) is { } found)
        {
            node = new ObjectRef(nodeName, StoredFields.Uid(found) ?? string.Empty);
        }

        return (null, new ObjectRef(objectName, uid), node);
    }

    // Go's schema.GroupVersionKind String(): "apps/v1, Kind=Deployment"; the core group prints as "/v1".
    private static string GroupVersionKind(string apiVersion, string kind) =>
        (apiVersion.Contains('/', StringComparison.Ordinal) ? apiVersion : "/" + apiVersion) + ", Kind=" + kind;

    private static StatusException Invalid(string name, FieldError error) => new(InvalidStatus.Create(GroupName, Kind, name, [error]));
}
