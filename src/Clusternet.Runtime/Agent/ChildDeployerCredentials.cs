using System.Text;
using Clusternet.Clients;
using Clusternet.Known;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Clusternet.Runtime.Agent;

/// <summary>
/// Gives the parent credentials for the child (upstream §1.7), which Push and Dual sync modes deploy with: the child's
/// <c>clusternet-app-deployer</c> ServiceAccount (bound to <c>cluster-admin</c>) and its token Secret are made when missing, and
/// the token is copied to <c>&lt;dedicated namespace&gt;/child-cluster-deployer</c> in the parent.
/// </summary>
internal sealed class ChildDeployerCredentials(ClusternetAgentOptions options, Kubernetes child, ILogger logger)
{
    /// <summary>Publishes the credentials, retrying until it succeeds or <paramref name="cancellationToken"/> fires.</summary>
    public async Task PublishAsync(ParentConnection parent, string clusterId, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                var token = await EnsureChildTokenAsync(cancellationToken).ConfigureAwait(false);
                await WriteParentSecretAsync(parent, clusterId, token, cancellationToken).ConfigureAwait(false);
                AgentLog.DeployerCredentialsPublished(logger, parent.DedicatedNamespace!);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                AgentLog.DeployerCredentialsFailed(logger, parent.DedicatedNamespace!, e);
            }

            await Task.Delay(ClusterRegistration.Jitter(options.RetryPeriod), options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<V1Secret> EnsureChildTokenAsync(CancellationToken cancellationToken)
    {
        var ns = options.LeaderElection.Namespace;
        var name = ClusternetNames.AppDeployerServiceAccount;
        await CreateIfMissingAsync(
            child.Resource<V1ServiceAccount, V1ServiceAccountList>(ResourceDescriptor.For<V1ServiceAccount>(namespaced: true), ns),
            new V1ServiceAccount { ApiVersion = "v1", Kind = "ServiceAccount", Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns } },
            cancellationToken).ConfigureAwait(false);
        await CreateIfMissingAsync(
            child.Resource<V1ClusterRoleBinding, V1ClusterRoleBindingList>(ResourceDescriptor.For<V1ClusterRoleBinding>(namespaced: false)),
            new V1ClusterRoleBinding
            {
                ApiVersion = "rbac.authorization.k8s.io/v1",
                Kind = "ClusterRoleBinding",
                Metadata = new V1ObjectMeta { Name = ClusternetAgentKnown.AppDeployerClusterRoleBinding },
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = "cluster-admin" },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = name, NamespaceProperty = ns }],
            },
            cancellationToken).ConfigureAwait(false);

        // Since Kubernetes 1.24 token Secrets are no longer made for every ServiceAccount; the agent asks for one by name, and the
        // cluster's token controller fills in token and ca.crt.
        var secrets = child.Resource<V1Secret, V1SecretList>(ResourceDescriptor.For<V1Secret>(namespaced: true), ns);
        await CreateIfMissingAsync(
            secrets,
            new V1Secret
            {
                ApiVersion = "v1",
                Kind = "Secret",
                Type = "kubernetes.io/service-account-token",
                Metadata = new V1ObjectMeta
                {
                    Name = name,
                    NamespaceProperty = ns,
                    Annotations = new Dictionary<string, string> { ["kubernetes.io/service-account.name"] = name },
                },
            },
            cancellationToken).ConfigureAwait(false);

        while (true)
        {
            var secret = await secrets.GetAsync(name, cancellationToken).ConfigureAwait(false);
            if (secret.Data?.TryGetValue(ClusternetSecretKeys.Token, out var token) == true && token.Length > 0)
            {
                return secret;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), options.TimeProvider, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WriteParentSecretAsync(ParentConnection parent, string clusterId, V1Secret childToken, CancellationToken cancellationToken)
    {
        var annotations = childToken.Metadata.Annotations ?? new Dictionary<string, string>();
        var data = new Dictionary<string, byte[]>
        {
            [ClusternetSecretKeys.Token] = childToken.Data![ClusternetSecretKeys.Token],
            [ClusternetSecretKeys.ApiServerUrl] = Encoding.UTF8.GetBytes(options.Child!.Host.TrimEnd('/')),
            [ClusternetSecretKeys.ServiceAccountName] = Encoding.UTF8.GetBytes(annotations.TryGetValue("kubernetes.io/service-account.name", out var sa) ? sa : ""),
            [ClusternetSecretKeys.ServiceAccountUid] = Encoding.UTF8.GetBytes(annotations.TryGetValue("kubernetes.io/service-account.uid", out var uid) ? uid : ""),
        };
        if (childToken.Data.TryGetValue(ClusternetSecretKeys.CaCertificate, out var ca))
        {
            data[ClusternetSecretKeys.CaCertificate] = ca;
        }

        var secret = new V1Secret
        {
            ApiVersion = "v1",
            Kind = "Secret",
            Metadata = new V1ObjectMeta
            {
                Name = ClusternetNames.ChildClusterSecret,
                NamespaceProperty = parent.DedicatedNamespace,
                Labels = new Dictionary<string, string>
                {
                    [ClusternetLabels.ObjectCreatedBy] = ClusternetLabelValues.AgentName,
                    [ClusternetLabels.ClusterId] = clusterId,
                    [ClusternetLabels.ClusterBootstrapping] = ClusternetLabelValues.CredentialsAuto,
                },
                Annotations = new Dictionary<string, string> { [ClusternetAnnotations.AutoUpdate] = "true" },
                Finalizers = [ClusternetFinalizers.App],
            },
            Data = data,
        };
        var secrets = parent.Kubernetes.Resource<V1Secret, V1SecretList>(ResourceDescriptor.For<V1Secret>(namespaced: true), parent.DedicatedNamespace);
        try
        {
            await secrets.CreateAsync(secret, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (AlreadyExistsException)
        {
            var existing = await secrets.GetAsync(secret.Metadata.Name, cancellationToken).ConfigureAwait(false);
            secret.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
            await secrets.UpdateAsync(secret, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task CreateIfMissingAsync<T, TList>(IResourceClient<T, TList> client, T item, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TList : class, IKubernetesObject<V1ListMeta>, IItems<T>
    {
        try
        {
            await client.GetAsync(item.Metadata.Name, cancellationToken).ConfigureAwait(false);
        }
        catch (NotFoundException)
        {
            try
            {
                await client.CreateAsync(item, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (AlreadyExistsException)
            {
            }
        }
    }
}
