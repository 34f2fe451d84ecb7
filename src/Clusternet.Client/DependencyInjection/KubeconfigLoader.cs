using k8s;

namespace Clusternet.Clients;

/// <summary>Chooses and loads the client configuration that <see cref="ClusternetClientOptions"/> names.</summary>
internal static class KubeconfigLoader
{
    /// <summary>
    /// An explicit kubeconfig, else the first existing file of <c>KUBECONFIG</c>, else <c>~/.kube/config</c>, else
    /// the in-cluster service account, else <see cref="ClusternetClientOptions.Host"/> alone. The Host, when set,
    /// replaces the chosen server URL.
    /// </summary>
    public static KubernetesClientConfiguration Load(ClusternetClientOptions options)
    {
        var configuration = LoadUnconfigured(options);
        configuration.HttpClientTimeout = options.RequestTimeout;
        return configuration;
    }

    private static KubernetesClientConfiguration LoadUnconfigured(ClusternetClientOptions options)
    {
        if (!string.IsNullOrEmpty(options.Kubeconfig))
        {
            return FromFile(options.Kubeconfig, options);
        }

        if (DefaultKubeconfig() is { } path)
        {
            return FromFile(path, options);
        }

        if (KubernetesClientConfiguration.IsInCluster())
        {
            var inCluster = KubernetesClientConfiguration.InClusterConfig();
            if (!string.IsNullOrEmpty(options.Host))
            {
                inCluster.Host = options.Host;
            }

            return inCluster;
        }

        if (!string.IsNullOrEmpty(options.Host))
        {
            return new KubernetesClientConfiguration { Host = options.Host };
        }

        throw new InvalidOperationException(
            "No cluster to connect to: set Clusternet:Client:Kubeconfig or Host, KUBECONFIG, create ~/.kube/config, or run in a pod.");
    }

    private static KubernetesClientConfiguration FromFile(string path, ClusternetClientOptions options)
    {
        var kubeconfig = KubernetesClientConfiguration.LoadKubeConfig(new FileInfo(path));
        return KubernetesClientConfiguration.BuildConfigFromConfigObject(kubeconfig, options.Context, options.Host);
    }

    private static string? DefaultKubeconfig()
    {
        // KUBECONFIG may list several files; merging them is not supported: the first existing one is used.
        var variable = Environment.GetEnvironmentVariable("KUBECONFIG");
        if (!string.IsNullOrEmpty(variable))
        {
            foreach (var candidate in variable.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (File.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        return File.Exists(KubernetesClientConfiguration.KubeConfigDefaultLocation) ? KubernetesClientConfiguration.KubeConfigDefaultLocation : null;
    }
}
