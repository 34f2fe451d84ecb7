using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using k8s;

namespace Clusternet.Runtime.Hub.Shadow;

/// <summary>
/// Raw JSON requests to the parent through a KubernetesClient instance's own pipeline (its HttpClient, handlers and
/// credentials). The shadow API works on arbitrary kinds, so it reads and writes <see cref="JsonNode"/>s, and it needs
/// the parent's error bodies verbatim to pass its Status objects through.
/// </summary>
internal sealed class ParentConnection
{
    private static readonly MediaTypeWithQualityHeaderValue AcceptJson = new("application/json");

    private readonly Kubernetes kubernetes;

    public ParentConnection(IKubernetes parent)
    {
        ArgumentNullException.ThrowIfNull(parent);
        kubernetes = parent as Kubernetes
            ?? throw new ArgumentException("The shadow API needs a k8s.Kubernetes instance to reach the parent.", nameof(parent));
    }

    /// <summary>Sends a request and reads the whole JSON answer, success or not.</summary>
    public async Task<ParentResponse> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken, string contentType = "application/json")
    {
        // KubernetesClient's HttpClient has no timeout of its own (watches stream for long); bound ordinary calls with
        // the instance's HttpClientTimeout, as its generated calls are.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(kubernetes.HttpClientTimeout);
        using var request = CreateRequest(method, path, body, contentType);
        using var response = await SendRawAsync(request, timeout.Token).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
        JsonNode? node = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            try
            {
                node = JsonNode.Parse(text);
            }
            catch (System.Text.Json.JsonException)
            {
                // A non-JSON error (a proxy in between, a plain-text 405): keep the status code, wrap the text.
                node = ShadowStatus.Failure(response.StatusCode, "InternalError", text.Trim());
            }
        }

        return new ParentResponse(response.StatusCode, node);
    }

    /// <summary>Sends a request and returns once the headers arrive, so a watch body can be streamed.</summary>
    public Task<HttpResponseMessage> StreamAsync(string path, CancellationToken cancellationToken)
    {
        var request = CreateRequest(HttpMethod.Get, path, null, "application/json");
        return SendRawAsync(request, cancellationToken);
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path, JsonNode? body, string contentType)
    {
        var request = new HttpRequestMessage(method, new Uri(kubernetes.BaseUri, path.TrimStart('/')));
        request.Headers.Accept.Add(AcceptJson);
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        }

        return request;
    }

    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (kubernetes.Credentials is { } credentials)
        {
            await credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        return await kubernetes.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>The parent's answer: status code and JSON body (a Status on failure).</summary>
internal readonly record struct ParentResponse(HttpStatusCode StatusCode, JsonNode? Body)
{
    public bool IsSuccess => (int)StatusCode is >= 200 and < 300;

    /// <summary>The <c>reason</c> of a Status body, if any.</summary>
    public string? Reason => Body?["reason"]?.GetValue<string>();

    /// <summary>Throws the parent's failure as is, for the shadow API to pass it through.</summary>
    public JsonNode EnsureSuccess()
    {
        if (!IsSuccess)
        {
            throw new ShadowException(StatusCode, Body ?? ShadowStatus.Failure(StatusCode, "InternalError", "the parent answered " + (int)StatusCode));
        }

        return Body ?? new JsonObject();
    }
}
