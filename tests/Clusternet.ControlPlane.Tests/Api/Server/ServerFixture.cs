using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Hosting;
using Plane = Clusternet.ControlPlane.Hosting.ControlPlane;
using k8s;
using k8s.Models;

namespace Clusternet.ControlPlane.Tests.Api.Server;

/// <summary>One in-memory control plane per test class, on 127.0.0.1, with a KubernetesClient and a raw HttpClient.</summary>
public class ServerFixture : IAsyncLifetime
{
    private int namespaces;

    public Plane Plane { get; private set; } = null!;

    public Kubernetes Client { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    protected virtual ControlPlaneOptions Options => new() { Storage = new Clusternet.ControlPlane.Storage.ObjectStoreOptions { HistoryCapacity = 50 } };

    public virtual async Task InitializeAsync()
    {
        Plane = await Plane.StartAsync(Options);
        Client = new Kubernetes(Plane.CreateAdminConfiguration());
        Http = new HttpClient(Plane.CreateAdminHandler()) { BaseAddress = Plane.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        Http.Dispose();
        await Plane.DisposeAsync();
    }

    /// <summary>A fresh namespace, so tests sharing the server do not see each other's objects.</summary>
    public async Task<string> NewNamespaceAsync()
    {
        var name = "t" + Interlocked.Increment(ref namespaces);
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }

    public async Task<(int Code, JsonObject Body)> SendAsync(HttpMethod method, string path, string? body = null, string contentType = "application/json", string? accept = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }
}
