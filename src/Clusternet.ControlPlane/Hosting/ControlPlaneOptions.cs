using Clusternet.ControlPlane.Admission;
using Clusternet.ControlPlane.Api.Discovery;
using Clusternet.ControlPlane.Simulation;
using Clusternet.ControlPlane.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Clusternet.ControlPlane.Hosting;

/// <summary>How an embedded control plane is started.</summary>
public sealed record ControlPlaneOptions
{
    /// <summary>
    /// Where objects (SQLite) and the admin kubeconfig are kept; a restart on the same directory keeps every object.
    /// Null keeps everything in memory and writes no kubeconfig unless asked.
    /// </summary>
    public string? DataDirectory { get; init; }

    /// <summary>The TCP port on 127.0.0.1; 0 picks a free one (see <see cref="ControlPlane.BaseAddress"/>).</summary>
    public int Port { get; init; }

    /// <summary>Storage tuning: how much watch history is kept (older resourceVersions get 410 Expired) and watcher buffers.</summary>
    public ObjectStoreOptions Storage { get; init; } = new();

    /// <summary>
    /// The built-in admission chain (<see cref="Admission.BuiltInAdmission.Create"/>: defaulting and validation of built-in
    /// kinds, namespace existence, Service cluster IPs), run first on every write. Null turns it off, leaving
    /// <see cref="AdmissionPlugins"/> and the CRD structural schema only.
    /// </summary>
    public BuiltInAdmissionOptions? BuiltInAdmission { get; init; } = new();

    /// <summary>Additional admission plugins, run in order on every write after the built-in chain and before the CRD structural-schema stage.</summary>
    public IReadOnlyList<IAdmissionPlugin> AdmissionPlugins { get; init; } = [];

    /// <summary>What <c>/version</c> reports; its minor version decides which kubectl the gcloud dispatcher runs.</summary>
    public ServerVersion Version { get; init; } = new();

    /// <summary>How often a watch that allows bookmarks is sent one.</summary>
    public TimeSpan BookmarkInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The largest request body accepted; larger ones get 413 (kube-apiserver: 3 MiB).</summary>
    public long MaxRequestBodyBytes { get; init; } = 3 * 1024 * 1024;

    /// <summary>The clock for timestamps and bookmarks.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Authentication and authorization: anonymous access, RBAC on or off, extra static tokens.</summary>
    public ControlPlaneSecurityOptions Security { get; init; } = new();

    /// <summary>
    /// Whether the built-in controllers run (namespace lifecycle, garbage collection, service accounts and tokens), as
    /// kube-controller-manager's do beside a real API server. Off leaves objects exactly as clients write them.
    /// </summary>
    public bool Controllers { get; init; } = true;

    /// <summary>Simulated nodes and workload progress for a child cluster; null (the default) simulates nothing.</summary>
    public SimulationOptions? Simulation { get; init; }

    /// <summary>Where the server and its controllers log.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}
