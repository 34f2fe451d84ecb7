using k8s;
using Microsoft.AspNetCore.WebUtilities;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Clusternet.Client.Tests.Clients;

/// <summary>A WireMock server on 127.0.0.1 with helpers to answer Kubernetes-style JSON and read back requests.</summary>
public sealed class WireMockApi : IDisposable
{
    public const string WidgetJson = """{"apiVersion":"test.clusternet.io/v1","kind":"Widget","metadata":{"name":"w1","namespace":"ns1","resourceVersion":"3","uid":"u-1"},"spec":{"size":2}}""";

    public WireMockServer Server { get; } = WireMockServer.Start(new WireMockServerSettings { Urls = ["http://127.0.0.1:0"] });

    public string Url => Server.Url!;

    public Kubernetes CreateKubernetes(string prefix = "", Action<KubernetesClientConfiguration>? configure = null)
    {
        var configuration = new KubernetesClientConfiguration { Host = Url + prefix };
        configure?.Invoke(configuration);
        return new Kubernetes(configuration);
    }

    /// <summary>Answers every request (or those of <paramref name="method"/> on <paramref name="path"/>) with <paramref name="body"/>, at a low priority so specific mappings win.</summary>
    public WireMockApi Respond(string body, int status = 200, string? method = null, string? path = null, Action<IResponseBuilder>? response = null)
    {
        var request = Request.Create();
        request = method is null ? request.UsingAnyMethod() : request.UsingMethod(method);
        if (path is not null)
        {
            request = request.WithPath(path);
        }

        var builder = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/json").WithBody(body);
        response?.Invoke(builder);
        Server.Given(request).AtPriority(100).RespondWith(builder);
        return this;
    }

    public IRequestMessage LastRequest => Server.LogEntries.Last().RequestMessage;

    public int RequestCount => Server.LogEntries.Count();

    /// <summary>The decoded query of a request, for comparisons that do not depend on parameter order.</summary>
    public static Dictionary<string, string> QueryOf(IRequestMessage request) =>
        QueryHelpers.ParseQuery(request.RawQuery ?? "").ToDictionary(p => p.Key, p => p.Value.ToString());

    public static string? ContentTypeOf(IRequestMessage request) =>
        request.Headers?.TryGetValue("Content-Type", out var values) == true ? values.First() : null;

    public void Dispose() => Server.Stop();
}
