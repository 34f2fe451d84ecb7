using System.Net;
using System.Security.Cryptography.X509Certificates;
using Clusternet.Runtime.Tests.Tunnel.Support;
using Clusternet.Runtime.Tunnel;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Clusternet.Runtime.Tests.Tunnel;

/// <summary>HTTPS to a Kestrel server on 127.0.0.1 that the hub reaches only through the agent's tunnel.</summary>
public sealed class HttpOverTunnelTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _releaseStream = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private KestrelHost _target = null!;
    private TunnelPair _pair = null!;

    public async Task InitializeAsync()
    {
        _target = await KestrelHost.StartAsync(
            app =>
            {
                app.MapGet("/hello", () => "hello");
                app.MapGet("/stream", async (HttpContext context) =>
                {
                    await context.Response.WriteAsync("first\n");
                    await context.Response.Body.FlushAsync();
                    await _releaseStream.Task.WaitAsync(context.RequestAborted);
                    await context.Response.WriteAsync("second\n");
                });
            },
            TestCertificate.Instance);
        _pair = await TunnelPair.StartAsync($"127.0.0.1:{_target.Address.Port}");
    }

    public async Task DisposeAsync()
    {
        _releaseStream.TrySetResult();
        await _pair.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Fact]
    public async Task Pooled_requests_reuse_one_tunnel_connection()
    {
        using var http = CreateClient(TunnelConnectionReuse.Pooled, HttpVersion.Version11);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("hello", await http.GetStringAsync("/hello"));
        }

        Assert.Equal(1, _pair.Dials);
    }

    [Fact]
    public async Task Per_request_mode_opens_one_tunnel_connection_per_request()
    {
        using var http = CreateClient(TunnelConnectionReuse.PerRequest, HttpVersion.Version11);

        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("hello", await http.GetStringAsync("/hello"));
        }

        Assert.Equal(20, _pair.Dials);
    }

    [Fact]
    public async Task Thousand_concurrent_http2_requests_complete_beside_a_stalled_one()
    {
        using var http = CreateClient(TunnelConnectionReuse.Pooled, HttpVersion.Version20);
        using var stalled = await http.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);

        var responses = await Task.WhenAll(Enumerable.Range(0, 1000).Select(_ => http.GetStringAsync("/hello")))
            .WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(responses, body => Assert.Equal("hello", body));
        Assert.InRange(_pair.Dials, 1, 50);
    }

    [Fact]
    public async Task Streaming_response_arrives_incrementally()
    {
        using var http = CreateClient(TunnelConnectionReuse.Pooled, HttpVersion.Version11);
        using var response = await http.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        Assert.Equal("first", await reader.ReadLineAsync().WaitAsync(FramePeer.Timeout));
        _releaseStream.SetResult();
        Assert.Equal("second", await reader.ReadLineAsync().WaitAsync(FramePeer.Timeout));
    }

    [Fact]
    public async Task Agent_loss_mid_response_fails_the_body_read_quickly()
    {
        using var http = CreateClient(TunnelConnectionReuse.Pooled, HttpVersion.Version11);
        using var response = await http.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        await reader.ReadLineAsync();

        var rest = reader.ReadToEndAsync();
        _pair.StopAgent();

        await Assert.ThrowsAnyAsync<IOException>(() => rest.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Requests_to_a_cluster_without_a_session_fail_with_session_not_found()
    {
        using var handler = _pair.Server.CreateHttpHandler("absent");
        using var http = new HttpClient(handler) { BaseAddress = _target.Address };

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync("/hello"));

        Assert.IsType<TunnelSessionNotFoundException>(error.InnerException);
    }

    private HttpClient CreateClient(TunnelConnectionReuse reuse, Version version)
    {
        var handler = _pair.Server.CreateHttpHandler("c1", reuse);
        var expected = TestCertificate.Instance.Thumbprint;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            certificate is X509Certificate2 presented && presented.Thumbprint == expected;
        return new HttpClient(handler)
        {
            BaseAddress = _target.Address,
            DefaultRequestVersion = version,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }
}
