using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using k8s;

namespace Clusternet.Clients;

/// <summary>
/// Sends requests through the very pipeline a <see cref="Kubernetes"/> instance uses for its own calls: its
/// <see cref="Kubernetes.HttpClient"/> (the delegating handlers given to its constructor over the
/// <see cref="SocketsHttpHandler"/> that holds kubeconfig TLS: CA, client certificate, skip-verify), its
/// <see cref="Kubernetes.Credentials"/> (bearer tokens, token files, exec and OIDC refresh) and its
/// <see cref="Kubernetes.BaseUri"/> (path prefix included). There is no second HTTP stack.
/// </summary>
/// <remarks>
/// KubernetesClient 21 keeps two request settings private: <c>TlsServerName</c> (sent as the Host header so
/// that SNI and certificate checks use it) and <c>DisableHttp2</c> (otherwise requests ask for HTTP/2 and fall
/// back to 1.1 on plain http). They are read once per instance by reflection; a test pins their presence so an
/// upgrade that renames them fails loudly instead of silently dropping <c>tls-server-name</c>.
/// </remarks>
internal sealed class KubernetesPipeline
{
    private static readonly PropertyInfo? TlsServerNameProperty =
        typeof(Kubernetes).GetProperty("TlsServerName", BindingFlags.Instance | BindingFlags.NonPublic);

    private static readonly PropertyInfo? DisableHttp2Property =
        typeof(Kubernetes).GetProperty("DisableHttp2", BindingFlags.Instance | BindingFlags.NonPublic);

    private static readonly ConditionalWeakTable<Kubernetes, KubernetesPipeline> Pipelines = new();

    private readonly Kubernetes kubernetes;

    private KubernetesPipeline(Kubernetes kubernetes)
    {
        this.kubernetes = kubernetes;
        TlsServerName = TlsServerNameProperty?.GetValue(kubernetes) as string;
        Http2 = DisableHttp2Property?.GetValue(kubernetes) is not true;
    }

    /// <summary>Whether KubernetesClient 21's private settings were found (pinned by a test).</summary>
    internal static bool PrivateSettingsFound => TlsServerNameProperty is not null && DisableHttp2Property is not null;

    /// <summary>The Host header to send, from the kubeconfig's <c>tls-server-name</c>.</summary>
    public string? TlsServerName { get; }

    /// <summary>Whether requests ask for HTTP/2, as KubernetesClient's own requests do.</summary>
    public bool Http2 { get; }

    /// <summary>The timeout KubernetesClient applies to its non-watch calls (<c>HttpClientTimeout</c>).</summary>
    public TimeSpan Timeout => kubernetes.HttpClientTimeout;

    /// <summary>The pipeline of <paramref name="kubernetes"/>, shared by every client built over it.</summary>
    public static KubernetesPipeline Of(Kubernetes kubernetes) => Pipelines.GetValue(kubernetes, static k => new KubernetesPipeline(k));

    /// <summary>Builds a request for a path relative to the base URI (path prefix kept).</summary>
    public HttpRequestMessage CreateRequest(HttpMethod method, string relativeUri)
    {
        var request = new HttpRequestMessage(method, new Uri(kubernetes.BaseUri, relativeUri));
        if (Http2)
        {
            request.Version = HttpVersion.Version20;
        }

        return request;
    }

    /// <summary>
    /// Applies credentials and sends; returns once the response headers arrive, so watch bodies stream.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (kubernetes.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (!string.IsNullOrWhiteSpace(TlsServerName))
        {
            request.Headers.Host = TlsServerName;
        }

        return await kubernetes.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }
}
