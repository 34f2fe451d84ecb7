namespace Clusternet.Clients;

/// <summary>
/// How <c>AddClusternetClient</c> connects to the cluster, bound from the <c>Clusternet:Client</c>
/// configuration section by default.
/// </summary>
public sealed class ClusternetClientOptions
{
    /// <summary>The configuration section read by default.</summary>
    public const string DefaultSectionName = "Clusternet:Client";

    /// <summary>
    /// The kubeconfig file. When unset: the first existing file of the <c>KUBECONFIG</c> variable, else
    /// <c>~/.kube/config</c>, else the in-cluster service account when running in a pod.
    /// </summary>
    public string? Kubeconfig { get; set; }

    /// <summary>The kubeconfig context to use; its current context when unset.</summary>
    public string? Context { get; set; }

    /// <summary>
    /// Replaces the server URL of the chosen configuration (credentials and TLS settings are kept), or is the
    /// whole configuration when there is no kubeconfig and no in-cluster service account. May carry a path
    /// prefix, such as a Clusternet hub's proxy URL of a child cluster.
    /// </summary>
    public string? Host { get; set; }

    /// <summary>The time a non-watch call may take in all, retries included (KubernetesClient's <c>HttpClientTimeout</c>).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Retries, attempt timeout and circuit breaker of the HTTP pipeline.</summary>
    public ClusternetClientResilienceOptions Resilience { get; set; } = new();
}

/// <summary>
/// The resilience handler in the client's HTTP pipeline. Only reads (GET, HEAD; watches included, before
/// their headers arrive) are retried: a write that failed may have been applied, so it is never repeated
/// silently.
/// </summary>
public sealed class ClusternetClientResilienceOptions
{
    /// <summary>Whether the resilience handler is in the pipeline at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How many times a read is retried on 408, 429, 5xx or a connection failure; 0 disables retries.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>The first retry delay, doubled at each retry with jitter; a Retry-After header wins.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long one attempt may wait for its response headers. A watch's headers come at once, so its long
    /// body is not cut by this timeout.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether a circuit breaker stops calls for a while when most of them fail.</summary>
    public bool CircuitBreaker { get; set; } = true;
}
