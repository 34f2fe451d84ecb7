using System.Globalization;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// Finds the address to dial for an APIService's Service. The embedded server has no kube-proxy and no cluster IPs
/// that route anywhere, so it resolves as kube-apiserver does with <c>--enable-aggregator-routing=true</c>: the Service
/// port numbered <c>spec.service.port</c> gives a port name, and an address of the Service's Endpoints (or, without an
/// Endpoints object, its ready EndpointSlices) with that port name gives host and port. ExternalName Services resolve
/// to their external name and the given port.
/// </summary>
internal static class BackendResolver
{
    /// <summary>Resolves through the server's own storage (no API round trip), picking one ready address.</summary>
    public static async ValueTask<BackendAddress> ResolveAsync(IObjectStore store, ServiceReference reference, CancellationToken cancellationToken) =>
        (await CandidatesAsync(store, reference, cancellationToken).ConfigureAwait(false)).Pick();

    /// <summary>Every ready address for <paramref name="reference"/> as storage has it now, or why there is none.</summary>
    public static async ValueTask<BackendCandidates> CandidatesAsync(IObjectStore store, ServiceReference reference, CancellationToken cancellationToken)
    {
        var service = await store.GetAsync(new StorageKey("services", reference.Namespace, reference.Name), cancellationToken).ConfigureAwait(false);
        if (service is null)
        {
            return BackendCandidates.Failed(BackendFailure.ServiceNotFound);
        }

        var endpoints = await store.GetAsync(new StorageKey("endpoints", reference.Namespace, reference.Name), cancellationToken).ConfigureAwait(false);
        IReadOnlyList<JsonObject> slices = [];
        if (endpoints is null)
        {
            var list = await store.ListAsync(
                "endpointslices.discovery.k8s.io",
                reference.Namespace,
                new ListRequest { Predicate = s => JsonFields.String(s, "metadata", "labels", "kubernetes.io/service-name") == reference.Name },
                cancellationToken).ConfigureAwait(false);
            slices = list.Items;
        }

        return Candidates(reference, service, endpoints, slices);
    }

    /// <summary>Resolves from objects already read (the availability controller reads them through the API).</summary>
    public static BackendAddress Resolve(ServiceReference reference, JsonObject? service, JsonObject? endpoints, IReadOnlyList<JsonObject> slices) =>
        Candidates(reference, service, endpoints, slices).Pick();

    private static BackendCandidates Candidates(ServiceReference reference, JsonObject? service, JsonObject? endpoints, IReadOnlyList<JsonObject> slices)
    {
        if (service is null)
        {
            return BackendCandidates.Failed(BackendFailure.ServiceNotFound);
        }

        if (JsonFields.String(service, "spec", "type") == "ExternalName")
        {
            return JsonFields.String(service, "spec", "externalName") is { Length: > 0 } external
                ? new BackendCandidates([(external, reference.Port)], BackendFailure.None)
                : BackendCandidates.Failed(BackendFailure.ServiceNotFound);
        }

        var servicePort = JsonFields.Array(service, "spec", "ports").OfType<JsonObject>()
            .FirstOrDefault(p => JsonFields.Integer(p, "port") == reference.Port);
        if (servicePort is null)
        {
            return BackendCandidates.Failed(BackendFailure.ServicePortNotFound);
        }

        var portName = JsonFields.String(servicePort, "name") ?? string.Empty;
        if (endpoints is not null)
        {
            return FromEndpoints(endpoints, portName);
        }

        return slices.Count == 0 ? BackendCandidates.Failed(BackendFailure.EndpointsNotFound) : FromSlices(slices, portName);
    }

    private static BackendCandidates FromEndpoints(JsonObject endpoints, string portName)
    {
        var candidates = new List<(string Host, int Port)>();
        foreach (var subset in JsonFields.Array(endpoints, "subsets").OfType<JsonObject>())
        {
            var port = JsonFields.Array(subset, "ports").OfType<JsonObject>().FirstOrDefault(p => (JsonFields.String(p, "name") ?? string.Empty) == portName);
            if (port is null || JsonFields.Integer(port, "port") is not { } number)
            {
                continue;
            }

            foreach (var address in JsonFields.Array(subset, "addresses").OfType<JsonObject>())
            {
                if (JsonFields.String(address, "ip") is { Length: > 0 } ip)
                {
                    candidates.Add((ip, (int)number));
                }
            }
        }

        return candidates.Count == 0 ? BackendCandidates.Failed(BackendFailure.NoAddresses) : new BackendCandidates(candidates, BackendFailure.None);
    }

    private static BackendCandidates FromSlices(IReadOnlyList<JsonObject> slices, string portName)
    {
        var candidates = new List<(string Host, int Port)>();
        foreach (var slice in slices)
        {
            var port = JsonFields.Array(slice, "ports").OfType<JsonObject>().FirstOrDefault(p => (JsonFields.String(p, "name") ?? string.Empty) == portName);
            if (port is null || JsonFields.Integer(port, "port") is not { } number)
            {
                continue;
            }

            foreach (var endpoint in JsonFields.Array(slice, "endpoints").OfType<JsonObject>())
            {
                // Ready unset counts as ready, as for kube-aggregator.
                if (JsonFields.At(endpoint, "conditions", "ready") is JsonValue ready && ready.GetValueKind() == System.Text.Json.JsonValueKind.False)
                {
                    continue;
                }

                if (JsonFields.Array(endpoint, "addresses").FirstOrDefault() is JsonValue address && address.TryGetValue<string>(out var ip))
                {
                    candidates.Add((ip, (int)number));
                }
            }
        }

        return candidates.Count == 0 ? BackendCandidates.Failed(BackendFailure.NoAddresses) : new BackendCandidates(candidates, BackendFailure.None);
    }
}

/// <summary>Why a backend could not be resolved; <see cref="None"/> when it was.</summary>
internal enum BackendFailure
{
    None,
    ServiceNotFound,
    ServicePortNotFound,
    EndpointsNotFound,
    NoAddresses,
}

/// <summary>The ready addresses of a backend Service (host may be an IP or, for ExternalName, a DNS name), or a failure.</summary>
internal sealed record BackendCandidates(IReadOnlyList<(string Host, int Port)> Addresses, BackendFailure Failure)
{
    public static BackendCandidates Failed(BackendFailure failure) => new([], failure);

    /// <summary>One of the addresses: any ready one will do, as with upstream's random pick.</summary>
    public BackendAddress Pick()
    {
        if (Failure != BackendFailure.None)
        {
            return BackendAddress.Failed(Failure);
        }

        var (host, port) = Addresses[Addresses.Count == 1 ? 0 : Random.Shared.Next(Addresses.Count)];
        return new BackendAddress(host, port, BackendFailure.None);
    }
}

/// <summary>A resolved backend address (host may be an IP or, for ExternalName, a DNS name), or a failure.</summary>
internal readonly record struct BackendAddress(string Host, int Port, BackendFailure Failure)
{
    public static BackendAddress Failed(BackendFailure failure) => new(string.Empty, 0, failure);

    /// <summary>
    /// <c>http://host:port</c>, brackets around IPv6 literals: the URL for <see cref="BackendTransport"/>'s clients, which
    /// do TLS themselves below HTTP (so the scheme they see is http, while the wire is always TLS).
    /// </summary>
    public string BaseUri => "http://" + Authority;

    /// <summary><c>https://host:port</c>, the address as messages show it.</summary>
    public string DisplayUri => "https://" + Authority;

    private string Authority => (Host.Contains(':', StringComparison.Ordinal) ? "[" + Host + "]" : Host) + ":" + Port.ToString(CultureInfo.InvariantCulture);
}
