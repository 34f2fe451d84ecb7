using System.Collections.Concurrent;
using Clusternet.Apis.Clusters.V1Beta1;
using Clusternet.Caching;
using Clusternet.Clients;
using Clusternet.Known;
using k8s;
using k8s.Models;

namespace Clusternet.Runtime.ControllerManager.Approver;

/// <summary>
/// What a cluster gets in the parent when its request is approved (upstream §1.5 steps 1–6): a dedicated namespace, a
/// ManagedCluster, a ServiceAccount with a token Secret named as it, and least-privilege RBAC.
/// </summary>
/// <remarks>
/// <para>
/// Existing objects are found in informer caches, not by a LIST per object, and every object is created straight away
/// when the cache has none: a 409 for a fixed name means it exists (RBAC objects are then read and corrected). Objects
/// that do not depend on each other are created concurrently, so the happy path is three rounds of creates.
/// </para>
/// <para>
/// A cache may not yet show what this process created a moment ago, and the namespace and the ServiceAccount are
/// created with <c>generateName</c>: looking only at the cache would make twins. So what was created is remembered
/// per cluster id until the cache shows it, and after a failed attempt (something created may be gone) the next one
/// looks up live once. After a restart the caches come from a fresh LIST and hold everything made before.
/// </para>
/// </remarks>
internal sealed class DedicatedObjects
{
    private const string ClusterIdIndex = "cluster-id";

    private readonly ClusterResources _parent;
    private readonly SharedInformer<V1Namespace> _namespaces;
    private readonly SharedInformer<ManagedCluster> _clusters;
    private readonly SharedInformer<V1ServiceAccount> _accounts;
    private readonly SharedInformer<V1Secret> _secrets;
    private readonly ConcurrentDictionary<string, Created> _created = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _lookLive = new(StringComparer.Ordinal);

    public DedicatedObjects(ClusterResources parent, SharedInformerFactory informers)
    {
        _parent = parent;

        // Everything the approver creates for a cluster carries created-by=clusternet-agent (upstream's label), so these
        // caches hold the registered clusters' objects only, not every Secret of the parent.
        var owned = new SharedInformerOptions { LabelSelector = $"{ClusternetLabels.ObjectCreatedBy}={ClusternetLabelValues.AgentName}", StripManagedFields = true };
        _namespaces = informers.GetInformer(parent.Namespaces(), owned);
        _clusters = informers.GetInformer(parent.ManagedClusters());
        _accounts = informers.GetInformer(parent.ServiceAccounts(null), owned);
        _secrets = informers.GetInformer(parent.Secrets(null), owned);

        // Looked up by cluster id, so finding a cluster's objects does not scan every registered cluster's.
        _namespaces.AddIndexer(ClusterIdIndex, ClusterIdOf);
        _clusters.AddIndexer(ClusterIdIndex, ClusterIdOf);
        _accounts.AddIndexer(ClusterIdIndex, ClusterIdOf);
    }

    /// <summary>The token Secrets (and other labelled Secrets of registered clusters), for waiting on the token controller.</summary>
    public SharedInformer<V1Secret> Secrets => _secrets;

    public async Task<bool> WaitForCacheSyncAsync(CancellationToken cancellationToken) =>
        await _namespaces.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false)
        && await _clusters.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false)
        && await _accounts.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false)
        && await _secrets.WaitForCacheSyncAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Drops what is remembered for a cluster once its request is decided or gone.</summary>
    public void Forget(string clusterId)
    {
        _created.TryRemove(clusterId, out _);
        _lookLive.TryRemove(clusterId, out _);
    }

    /// <summary>Finds or makes everything; the token is null while the token controller has not filled the Secret yet.</summary>
    public async Task<Registration> EnsureAsync(ClusterRegistrationRequest request, CancellationToken cancellationToken)
    {
        var id = request.Spec.ClusterId;
        var created = _created.GetOrAdd(id, _ => new Created());
        if (created.Complete is { } complete)
        {
            // Everything exists; only the token may still be missing.
            return complete.WithToken(TokenOf(complete.SecretKey!, created.Secret));
        }

        var live = _lookLive.TryRemove(id, out _);
        try
        {
            var registration = await CreateAsync(request, created, live, cancellationToken).ConfigureAwait(false);
            if (registration.Rejection is null)
            {
                created.Complete = registration;
            }

            return registration;
        }
        catch
        {
            _lookLive[id] = true;
            _created.TryRemove(id, out _);
            throw;
        }
    }

    private async Task<Registration> CreateAsync(ClusterRegistrationRequest request, Created created, bool live, CancellationToken cancellationToken)
    {
        var spec = request.Spec;
        var id = spec.ClusterId;
        var owned = new Dictionary<string, string>
        {
            [ClusternetLabels.ObjectCreatedBy] = ClusternetLabelValues.AgentName,
            [ClusternetLabels.ClusterId] = id,
        };
        var labels = new Dictionary<string, string>(owned) { [ClusternetLabels.ClusterName] = spec.ClusterName! };

        // Round 1: the dedicated namespace.
        var ns = await FindAsync(_namespaces, _parent.Namespaces(), owned, created.Namespace, live, cancellationToken).ConfigureAwait(false);
        if (ns is null)
        {
            var (made, rejection) = await CreateNamespaceAsync(spec, owned, labels, cancellationToken).ConfigureAwait(false);
            if (rejection is not null)
            {
                return new Registration { Rejection = rejection };
            }

            ns = made!;
        }

        created.Namespace = ns;
        var dedicated = ns.Metadata.Name;

        // Round 2: ManagedCluster, ServiceAccount and the cluster-wide ClusterRole need only the namespace.
        var roleName = ClusternetNames.ClusterRoleName(id);
        var clusterTask = EnsureClusterAsync(spec, owned, labels, dedicated, created, live, cancellationToken);
        var accountTask = EnsureAccountAsync(owned, labels, dedicated, created, live, cancellationToken);
        var clusterRoleTask = RbacObjects.EnsureClusterRoleAsync(_parent, new V1ClusterRole
        {
            Metadata = RbacObjects.Metadata(roleName, null, id),
            Rules = ClusterPermissions.ClusterRules(id),
        }, cancellationToken);
        await Task.WhenAll(clusterTask, accountTask, clusterRoleTask).ConfigureAwait(false);
        var cluster = await clusterTask.ConfigureAwait(false);
        if (cluster is null)
        {
            return new Registration { Rejection = new Rejection(ApprovedResult.Denied, $"a ManagedCluster \"{spec.ClusterName}\" that belongs to another cluster already exists in namespace \"{dedicated}\"") };
        }

        var account = await accountTask.ConfigureAwait(false);
        var accountName = account.Metadata.Name;

        // Round 3: the token Secret and the bindings need the ServiceAccount's generated name.
        var subject = new Rbacv1Subject { Kind = "ServiceAccount", Name = accountName, NamespaceProperty = dedicated };
        await Task.WhenAll(
            EnsureSecretAsync(labels, dedicated, accountName, created, cancellationToken),
            RbacObjects.EnsureClusterRoleBindingAsync(_parent, new V1ClusterRoleBinding
            {
                Metadata = RbacObjects.Metadata(roleName, null, id),
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = roleName },
                Subjects = [subject],
            }, cancellationToken),
            RbacObjects.EnsureRoleAsync(_parent, new V1Role
            {
                Metadata = RbacObjects.Metadata(ClusternetNames.ManagedClusterRole, dedicated, id),
                Rules = ClusterPermissions.NamespaceRules(cluster.Metadata.Name),
            }, cancellationToken),
            RbacObjects.EnsureRoleBindingAsync(_parent, new V1RoleBinding
            {
                Metadata = RbacObjects.Metadata(ClusternetNames.ManagedClusterRole, dedicated, id),
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = ClusternetNames.ManagedClusterRole },
                Subjects = [subject],
            }, cancellationToken)).ConfigureAwait(false);

        var secretKey = CacheKey.Of(dedicated, accountName);
        return new Registration { Namespace = dedicated, ManagedCluster = cluster.Metadata.Name, SecretKey = secretKey }
            .WithToken(TokenOf(secretKey, created.Secret));
    }

    private async Task<(V1Namespace? Namespace, Rejection? Rejection)> CreateNamespaceAsync(
        ClusterRegistrationRequestSpec spec, Dictionary<string, string> owned, Dictionary<string, string> labels, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(spec.ClusterNamespace))
        {
            return (await _parent.Namespaces().CreateAsync(new V1Namespace
            {
                Metadata = new V1ObjectMeta { GenerateName = ClusternetNames.ObjectPrefix, Labels = labels },
            }, cancellationToken: cancellationToken).ConfigureAwait(false), null);
        }

        try
        {
            return (await _parent.Namespaces().CreateAsync(new V1Namespace
            {
                Metadata = new V1ObjectMeta { Name = spec.ClusterNamespace, Labels = labels },
            }, cancellationToken: cancellationToken).ConfigureAwait(false), null);
        }
        catch (AlreadyExistsException)
        {
            // Ours when it carries the cluster's labels (the cache was behind); upstream would reuse any namespace of
            // that name and give the cluster */*/* in it.
            var existing = await _parent.Namespaces().GetAsync(spec.ClusterNamespace, cancellationToken).ConfigureAwait(false);
            return Matches(existing, owned) && existing.Metadata.DeletionTimestamp is null
                ? (existing, null)
                : (null, new Rejection(ApprovedResult.Denied, $"namespace \"{spec.ClusterNamespace}\" already exists and is not dedicated to cluster {spec.ClusterId}"));
        }
    }

    /// <summary>The cluster's ManagedCluster (found anywhere, as upstream), or null when its name is taken by another cluster's.</summary>
    private async Task<ManagedCluster?> EnsureClusterAsync(
        ClusterRegistrationRequestSpec spec, Dictionary<string, string> owned, Dictionary<string, string> labels, string dedicated, Created created, bool live, CancellationToken cancellationToken)
    {
        var cluster = await FindAsync(_clusters, _parent.ManagedClusters(), owned, created.Cluster, live, cancellationToken).ConfigureAwait(false);
        if (cluster is null)
        {
            var clusterLabels = new Dictionary<string, string>(spec.ClusterLabels ?? new Dictionary<string, string>());
            foreach (var (key, value) in labels)
            {
                clusterLabels[key] = value;
            }

            try
            {
                cluster = await _parent.ManagedClusters(dedicated).CreateAsync(new ManagedCluster
                {
                    Metadata = new V1ObjectMeta { Name = spec.ClusterName, NamespaceProperty = dedicated, Labels = clusterLabels },
                    Spec = new ManagedClusterSpec
                    {
                        ClusterId = spec.ClusterId,
                        ClusterType = string.IsNullOrEmpty(spec.ClusterType) ? ClusterType.StandardCluster : spec.ClusterType,
                        SyncMode = string.IsNullOrEmpty(spec.SyncMode) ? ClusterSyncMode.Pull : spec.SyncMode,
                    },
                }, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (AlreadyExistsException)
            {
                var existing = await _parent.ManagedClusters(dedicated).GetAsync(spec.ClusterName!, cancellationToken).ConfigureAwait(false);
                if (!Matches(existing, owned))
                {
                    return null;
                }

                cluster = existing;
            }
        }

        created.Cluster = cluster;
        return cluster;
    }

    private async Task<V1ServiceAccount> EnsureAccountAsync(
        Dictionary<string, string> owned, Dictionary<string, string> labels, string dedicated, Created created, bool live, CancellationToken cancellationToken)
    {
        var account = await FindAsync(_accounts, _parent.ServiceAccounts(null), owned, created.Account, live, cancellationToken).ConfigureAwait(false)
            ?? await _parent.ServiceAccounts(dedicated).CreateAsync(new V1ServiceAccount
            {
                Metadata = new V1ObjectMeta { GenerateName = ClusternetNames.ObjectPrefix, NamespaceProperty = dedicated, Labels = labels },
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        created.Account = account;
        return account;
    }

    /// <summary>The long-lived token Secret named as the ServiceAccount (upstream on Kubernetes ≥ 1.24); the token controller fills it.</summary>
    private async Task EnsureSecretAsync(Dictionary<string, string> labels, string dedicated, string accountName, Created created, CancellationToken cancellationToken)
    {
        if (_secrets.Lister.Get(CacheKey.Of(dedicated, accountName)) is not null
            || created.Secret is { } known && known.Metadata.NamespaceProperty == dedicated && known.Metadata.Name == accountName)
        {
            return;
        }

        try
        {
            created.Secret = await _parent.Secrets(dedicated).CreateAsync(new V1Secret
            {
                Metadata = new V1ObjectMeta
                {
                    Name = accountName,
                    NamespaceProperty = dedicated,
                    Labels = labels,
                    Annotations = new Dictionary<string, string> { ["kubernetes.io/service-account.name"] = accountName },
                },
                Type = "kubernetes.io/service-account-token",
            }, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
            created.Secret = await _parent.Secrets(dedicated).GetAsync(accountName, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The token and CA from the cached Secret (or the copy read last), or nulls while the token controller has not filled it.</summary>
    private (byte[]? Token, byte[]? Ca) TokenOf(string secretKey, V1Secret? fallback)
    {
        var secret = _secrets.Lister.Get(secretKey) ?? (fallback is not null && CacheKey.Of(fallback) == secretKey ? fallback : null);
        var data = secret?.Data;
        return data is not null
            && data.TryGetValue(ClusternetSecretKeys.Token, out var token) && token.Length > 0
            && data.TryGetValue(ClusternetSecretKeys.CaCertificate, out var ca) && ca.Length > 0
            ? (token, ca)
            : (null, null);
    }

    /// <summary>
    /// The oldest live object carrying every label: from the cache, else the one this process created last (the cache
    /// may be behind), else — after a failed attempt — from a live LIST.
    /// </summary>
    private static async Task<T?> FindAsync<T, TList>(
        SharedInformer<T> informer, IResourceClient<T, TList> client, IReadOnlyDictionary<string, string> labels, T? created, bool live, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
    {
        if (live)
        {
            return await ClusterResources.FindByLabelsAsync(client, labels, cancellationToken).ConfigureAwait(false);
        }

        return informer.Lister.ByIndex(ClusterIdIndex, labels[ClusternetLabels.ClusterId])
            .Where(o => o.Metadata.DeletionTimestamp is null && Matches(o, labels))
            .OrderBy(o => o.Metadata.CreationTimestamp)
            .ThenBy(o => o.Metadata.Name, StringComparer.Ordinal)
            .FirstOrDefault() ?? created;
    }

    private static IEnumerable<string> ClusterIdOf(IKubernetesObject<V1ObjectMeta> obj) =>
        obj.Metadata.Labels?.TryGetValue(ClusternetLabels.ClusterId, out var id) == true ? [id] : [];

    private static bool Matches(IKubernetesObject<V1ObjectMeta> obj, IReadOnlyDictionary<string, string> labels) =>
        obj.Metadata.Labels is { } present && labels.All(l => present.TryGetValue(l.Key, out var value) && value == l.Value);

    /// <summary>What this process made for one cluster, until its request is decided.</summary>
    private sealed class Created
    {
        public V1Namespace? Namespace { get; set; }

        public ManagedCluster? Cluster { get; set; }

        public V1ServiceAccount? Account { get; set; }

        public V1Secret? Secret { get; set; }

        public Registration? Complete { get; set; }
    }
}

/// <summary>The outcome of making a cluster's objects: a refusal, or where they are and (once filled) the token.</summary>
internal sealed record Registration
{
    public Rejection? Rejection { get; init; }

    public string? Namespace { get; init; }

    public string? ManagedCluster { get; init; }

    public string? SecretKey { get; init; }

    public byte[]? Token { get; init; }

    public byte[]? CaCertificate { get; init; }

    public Registration WithToken((byte[]? Token, byte[]? Ca) filled) => this with { Token = filled.Token, CaCertificate = filled.Ca };
}
