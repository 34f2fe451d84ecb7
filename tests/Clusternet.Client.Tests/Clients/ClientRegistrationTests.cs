using Clusternet.Client.Tests.Support;
using Clusternet.Clients;
using k8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Clusternet.Client.Tests.Clients;

/// <summary><c>AddClusternetClient</c>: configuration, the resilience handler on the wire, and typed clients from the container.</summary>
public sealed class ClientRegistrationTests : IDisposable
{
    private const string Status503 = """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"ServiceUnavailable","code":503,"message":"down"}""";
    private const string Status429 = """{"kind":"Status","apiVersion":"v1","status":"Failure","reason":"TooManyRequests","code":429,"message":"slow down"}""";
    private readonly WireMockApi api = new();
    private readonly List<string> files = [];

    public void Dispose()
    {
        api.Dispose();
        files.ForEach(File.Delete);
    }

    /// <summary>A kubeconfig with a bearer token for <paramref name="server"/>, so the machine's own kubeconfig is never read.</summary>
    private string Kubeconfig(string server)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kubeconfig-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: test
              cluster:
                server: {server}
            contexts:
            - name: test
              context:
                cluster: test
                user: tester
            current-context: test
            users:
            - name: tester
              user:
                token: kubeconfig-token
            """);
        files.Add(path);
        return path;
    }

    private ServiceProvider Provider(string server, Action<ClusternetClientOptions>? configure = null) =>
        new ServiceCollection().AddClusternetClient(o =>
        {
            o.Kubeconfig = Kubeconfig(server);
            o.Resilience.BaseDelay = TimeSpan.FromMilliseconds(20);
            configure?.Invoke(o);
        }).Services.BuildServiceProvider();

    private IResourceClient<Widget, WidgetList> Widgets(ServiceProvider provider) =>
        provider.GetRequiredService<ResourceClientFactory>().Create<Widget, WidgetList>("ns1");

    [Fact]
    public async Task Handlers_added_to_the_named_http_client_carry_every_request()
    {
        api.Server.Given(Request.Create().UsingGet())
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(WireMockApi.WidgetJson));
        var services = new ServiceCollection();
        services.AddClusternetClient(o => o.Kubeconfig = Kubeconfig(api.Url))
            .AddHttpMessageHandler(() => new StampingHandler());
        await using var provider = services.BuildServiceProvider();

        await Widgets(provider).GetAsync("w1");

        var entry = Assert.Single(api.Server.LogEntries);
        Assert.Equal("yes", entry.RequestMessage.Headers!["X-Stamped"].Single());
    }

    private sealed class StampingHandler : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Add("X-Stamped", "yes");
            return base.SendAsync(request, cancellationToken);
        }
    }

    [Fact]
    public async Task A_read_refused_with_429_is_retried_after_the_Retry_After_delay()
    {
        api.Server.Given(Request.Create().UsingGet()).InScenario("throttle").WillSetStateTo("served")
            .RespondWith(Response.Create().WithStatusCode(429).WithHeader("Retry-After", "1").WithHeader("Content-Type", "application/json").WithBody(Status429));
        api.Server.Given(Request.Create().UsingGet()).InScenario("throttle").WhenStateIs("served")
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody(WireMockApi.WidgetJson));
        await using var provider = Provider(api.Url);

        var widget = await Widgets(provider).GetAsync("w1");

        Assert.Equal("w1", widget.Metadata.Name);
        var times = api.Server.LogEntries.Select(e => e.RequestMessage.DateTime).OrderBy(t => t).ToList();
        Assert.Equal(2, times.Count);
        Assert.InRange(times[1] - times[0], TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
        Assert.All(api.Server.LogEntries, e => Assert.Equal("Bearer kubeconfig-token", e.RequestMessage.Headers!["Authorization"].First()));
    }

    [Theory]
    [InlineData(503, typeof(ServiceUnavailableException))]
    [InlineData(429, typeof(TooManyRequestsException))]
    public async Task A_write_that_fails_is_never_retried(int code, Type expected)
    {
        api.Respond(code == 503 ? Status503 : Status429, code);
        await using var provider = Provider(api.Url);

        var ex = await Assert.ThrowsAnyAsync<KubernetesApiException>(() => Widgets(provider).CreateAsync(Widget.Named("w1", "ns1")));

        Assert.IsType(expected, ex);
        Assert.Equal(1, api.RequestCount);
    }

    [Fact]
    public async Task The_attempt_timeout_does_not_cut_a_long_watch_body()
    {
        var attemptTimeout = TimeSpan.FromMilliseconds(300);
        await using var server = await TestApiServer.StartAsync(ResourceDescriptor.For<Widget>());
        server.Put(ResourceDescriptor.For<Widget>(), Widget.Named("a", "ns1"));
        await using var provider = Provider(server.BaseUri.ToString(), o => o.Resilience.AttemptTimeout = attemptTimeout);
        await using var events = Widgets(provider).WatchStreamAsync(new WatchOptions { ResourceVersion = "0" }).GetAsyncEnumerator();
        Assert.True(await events.MoveNextAsync());

        // Let the attempt timeout pass well before the next event exists: this wait is the behaviour under test.
        await Task.Delay(attemptTimeout * 3);
        server.Put(ResourceDescriptor.For<Widget>(), Widget.Named("b", "ns1"));

        Assert.True(await events.MoveNextAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("b", events.Current.Object.Metadata.Name);
    }

    [Fact]
    public void Options_are_bound_from_the_Clusternet_Client_section()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Clusternet:Client:Kubeconfig"] = "/tmp/none",
            ["Clusternet:Client:Context"] = "child",
            ["Clusternet:Client:Host"] = "https://hub/proxy",
            ["Clusternet:Client:RequestTimeout"] = "00:00:20",
            ["Clusternet:Client:Resilience:MaxRetryAttempts"] = "5",
            ["Clusternet:Client:Resilience:CircuitBreaker"] = "false",
        }).Build();
        using var provider = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddClusternetClient().Services.BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ClusternetClientOptions>>().Value;

        Assert.Equal(("/tmp/none", "child", "https://hub/proxy", TimeSpan.FromSeconds(20)), (options.Kubeconfig, options.Context, options.Host, options.RequestTimeout));
        Assert.Equal((5, false), (options.Resilience.MaxRetryAttempts, options.Resilience.CircuitBreaker));
    }

    [Fact]
    public async Task The_container_serves_typed_clients_through_the_open_generic_registration()
    {
        api.Respond("""{"kind":"WidgetList","metadata":{"resourceVersion":"4"},"items":[{"metadata":{"name":"w1","namespace":"ns2"}}]}""");
        await using var provider = Provider(api.Url, o => o.Host = api.Url + "/prefix");

        var widgets = provider.GetRequiredService<IResourceClient<Widget, WidgetList>>();
        var list = await widgets.ListAsync();

        Assert.Null(widgets.Namespace);
        Assert.Equal("ns2", list.Items.Single().Metadata.NamespaceProperty);
        Assert.Equal("/prefix/apis/test.clusternet.io/v1/widgets", api.LastRequest.Path);
        Assert.Same(provider.GetRequiredService<Kubernetes>(), provider.GetRequiredService<IKubernetes>());
    }
}
