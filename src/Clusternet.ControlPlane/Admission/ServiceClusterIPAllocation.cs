using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Api;
using Clusternet.ControlPlane.Storage;
using Clusternet.ControlPlane.Validation;

namespace Clusternet.ControlPlane.Admission;

/// <summary>
/// Gives each Service that needs one a cluster IP from the instance's range, and refuses a requested IP
/// that is outside the range or already held by another Service (422, as kube-apiserver's allocator words it).
/// </summary>
/// <remarks>
/// The allocator keeps no bitmap: the stored Services are the record of what is taken. Between this plugin
/// and the write reaching storage another create could pick the same address, so each allocation is also
/// held in memory for <see cref="ReservationLifetime"/>, long enough for the write to land. A dry run
/// reserves nothing. It runs last in the chain so that a refusal by any other plugin reserves nothing either.
/// </remarks>
internal sealed class ServiceClusterIPAllocation(IObjectStore store, ClusterIPRange range, TimeProvider time) : IAdmissionPlugin
{
    /// <summary>How long an allocated address stays reserved while its Service is on its way to storage.</summary>
    public static readonly TimeSpan ReservationLifetime = TimeSpan.FromSeconds(30);

    private const string ServicesResource = "services";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<uint, DateTimeOffset> _reserved = [];

    /// <summary>How many addresses are held for writes that have not reached storage yet (for tests).</summary>
    internal int ReservationCount
    {
        get
        {
            lock (_reserved)
            {
                return _reserved.Count;
            }
        }
    }

    /// <inheritdoc />
    public bool Handles(AdmissionRequest request) =>
        request.Operation is AdmissionOperation.Create or AdmissionOperation.Update
        && request.Subresource is null
        && AdmissionJson.Is(request, string.Empty, "services");

    /// <inheritdoc />
    public async ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        var spec = AdmissionJson.Child(request.Object, "spec");
        if (AdmissionJson.String(spec, "type") == "ExternalName")
        {
            return;
        }

        var requested = AdmissionJson.String(spec, "clusterIP") ?? string.Empty;
        if (requested == "None")
        {
            spec["clusterIPs"] = new JsonArray("None");
            return;
        }

        var oldIP = AdmissionJson.String(request.OldObject?["spec"] as JsonObject, "clusterIP");
        if (requested.Length > 0 && requested == oldIP)
        {
            return;
        }

        var self = new StorageKey(ServicesResource, AdmissionJson.String(request.Object["metadata"] as JsonObject, "namespace") ?? request.Namespace, AdmissionJson.NameOf(request.Object));
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var taken = await TakenAsync(self, cancellationToken).ConfigureAwait(false);
            uint ip;
            if (requested.Length > 0)
            {
                // ServiceValidation ran before and refused a malformed address.
                ip = ClusterIPRange.ParseAddress(requested) ?? throw Refuse(request, requested, "failed to allocate IP " + requested + ": the provided IP is not valid");
                if (!range.Contains(ip))
                {
                    throw Refuse(request, requested, "failed to allocate IP " + requested + ": the provided IP (" + requested
                        + ") is not in the valid range. The range of valid IPs is " + range.Text);
                }

                if (taken.Contains(ip))
                {
                    throw Refuse(request, requested, "failed to allocate IP " + requested + ": provided IP is already allocated");
                }
            }
            else
            {
                ip = Pick(taken) ?? throw StatusException.Create(500, "InternalError",
                    "Internal error occurred: failed to allocate a serviceIP: range is full");
            }

            var text = ClusterIPRange.FromNumber(ip);
            spec["clusterIP"] = text;
            spec["clusterIPs"] = new JsonArray(text);
            if (!request.DryRun)
            {
                lock (_reserved)
                {
                    _reserved[ip] = time.GetUtcNow() + ReservationLifetime;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HashSet<uint>> TakenAsync(StorageKey self, CancellationToken cancellationToken)
    {
        var taken = new HashSet<uint>();
        var list = await store.ListAsync(ServicesResource, null, new ListRequest(), cancellationToken).ConfigureAwait(false);
        foreach (var service in list.Items)
        {
            var metadata = service["metadata"] as JsonObject;
            if (AdmissionJson.String(metadata, "name") == self.Name && AdmissionJson.String(metadata, "namespace") == self.Namespace)
            {
                continue;
            }

            if (AdmissionJson.String(service["spec"] as JsonObject, "clusterIP") is { } ip && ClusterIPRange.ParseAddress(ip) is { } number)
            {
                taken.Add(number);
            }
        }

        var now = time.GetUtcNow();
        lock (_reserved)
        {
            foreach (var (ip, until) in _reserved.ToList())
            {
                if (until <= now)
                {
                    _reserved.Remove(ip);
                }
                else
                {
                    taken.Add(ip);
                }
            }
        }

        return taken;
    }

    // As kube-apiserver, dynamic allocations prefer the upper part of the range and leave the first addresses
    // (up to 256) for Services that ask for a fixed IP, such as a DNS service at .10.
    private uint? Pick(HashSet<uint> taken)
    {
        var usable = range.Size - 2;
        var staticBand = Math.Min(Math.Max(16, usable / 16), 256);
        var dynamicBand = usable - staticBand;
        if (dynamicBand > 0)
        {
            var start = Random.Shared.NextInt64(dynamicBand);
            for (long i = 0; i < dynamicBand; i++)
            {
                var ip = range.Network + 1 + (uint)(staticBand + ((start + i) % dynamicBand));
                if (!taken.Contains(ip))
                {
                    return ip;
                }
            }
        }

        for (long i = 0; i < Math.Min(staticBand, usable); i++)
        {
            var ip = range.Network + 1 + (uint)i;
            if (!taken.Contains(ip))
            {
                return ip;
            }
        }

        return null;
    }

    private static StatusException Refuse(AdmissionRequest request, string ip, string message) =>
        new(InvalidStatus.Create(request.Resource.Group, request.Resource.Kind, AdmissionJson.NameOf(request.Object),
            [new FieldError(FieldErrorType.Invalid, "spec.clusterIPs", new JsonArray(ip), message)]));
}
