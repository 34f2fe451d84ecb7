using Clusternet.ControlPlane.Admission;
using Clusternet.ControlPlane.Aggregation;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Security;
using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Api;

/// <summary>What the handlers of one server instance share; nothing here is static, so instances stay apart.</summary>
internal sealed class ApiServices(
    IObjectStore store,
    ResourceCatalog catalog,
    IReadOnlyList<IAdmissionPlugin> admission,
    CustomResourceSchemaAdmission schemaAdmission,
    TimeProvider time,
    ApiServerSettings settings,
    RequestSecurity security,
    ApiAggregator aggregator,
    IReadOnlyList<Rest.ICreateOnlyEndpoint> createOnlyEndpoints)
{
    public IObjectStore Store { get; } = store;

    public ResourceCatalog Catalog { get; } = catalog;

    /// <summary>The whole chain in order: the given plugins, then the CRD structural schema.</summary>
    public IReadOnlyList<IAdmissionPlugin> Admission { get; } = admission;

    public CustomResourceSchemaAdmission SchemaAdmission { get; } = schemaAdmission;

    public TimeProvider Time { get; } = time;

    public ApiServerSettings Settings { get; } = settings;

    public TableRenderer Tables { get; } = new(time);

    /// <summary>Authentication, impersonation and authorization, run before anything is read or written.</summary>
    public RequestSecurity Security { get; } = security;

    /// <summary>Routes group-versions registered by APIService objects to their backends.</summary>
    public ApiAggregator Aggregator { get; } = aggregator;

    /// <summary>The computed create-only resources (reviews, TokenRequest), by group, resource and subresource.</summary>
    public IReadOnlyDictionary<(string Group, string Resource, string? Subresource), Rest.ICreateOnlyEndpoint> CreateOnlyEndpoints { get; } =
        createOnlyEndpoints.ToDictionary(e => (e.Group, e.Resource, e.Subresource));

    /// <summary>What <c>/readyz</c> answers.</summary>
    public HealthState Health { get; } = new();

    public async ValueTask AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        foreach (var plugin in Admission)
        {
            if (plugin.Handles(request))
            {
                await plugin.AdmitAsync(request, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>Server limits and timings.</summary>
/// <param name="MaxRequestBodyBytes">Larger bodies are refused with 413.</param>
/// <param name="BookmarkInterval">How often a watch that allows bookmarks gets one.</param>
/// <param name="ServerStopping">Cancelled when the server stops, which ends open watches.</param>
/// <param name="GarbageCollection">Whether a garbage collector runs, so that DELETE adds the orphan/foreground finalizers it removes.</param>
internal sealed record ApiServerSettings(long MaxRequestBodyBytes, TimeSpan BookmarkInterval, CancellationToken ServerStopping, bool GarbageCollection = false);
