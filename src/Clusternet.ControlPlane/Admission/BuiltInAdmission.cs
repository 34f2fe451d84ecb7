using Clusternet.ControlPlane.Storage;

namespace Clusternet.ControlPlane.Admission;

/// <summary>The admission chain of built-in kinds, in the order the request pipeline runs it.</summary>
public static class BuiltInAdmission
{
    /// <summary>
    /// Creates the built-in plugins for one control plane: first the mutating ones (Namespace, Secret,
    /// Service and workload defaults), then the validating ones (object metadata, namespace lifecycle,
    /// Service and workload checks), and last the Service cluster IP allocator, whose reservation is the
    /// only side effect and is taken once every other plugin has accepted the write.
    /// </summary>
    /// <param name="store">The control plane's storage: namespaces are looked up and Services' cluster IPs read from it.</param>
    /// <param name="options">Range and clock; defaults when null.</param>
    /// <returns>The plugins, in order. The allocator holds state: create one chain per control plane.</returns>
    public static IReadOnlyList<IAdmissionPlugin> Create(IObjectStore store, BuiltInAdmissionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        options ??= new BuiltInAdmissionOptions();
        var range = ClusterIPRange.Parse(options.ServiceClusterIPRange);
        return
        [
            new NamespaceDefaulting(),
            new SecretDefaulting(),
            new ServiceDefaulting(),
            new WorkloadDefaulting(),
            new ObjectMetaValidation(),
            new NamespaceLifecycle(store),
            new ServiceValidation(),
            new WorkloadValidation(),
            new ServiceClusterIPAllocation(store, range, options.TimeProvider),
        ];
    }
}
