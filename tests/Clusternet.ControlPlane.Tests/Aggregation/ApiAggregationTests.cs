using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace Clusternet.ControlPlane.Tests.Aggregation;

/// <summary>Requests for an APIService's group-version reach its backend through the aggregator, over real HTTPS.</summary>
public sealed class ApiAggregationTests(AggregationFixture fixture) : IClassFixture<AggregationFixture>
{
    private const string Prefix = "apis/test.clusternet.io/v1";

    [Fact]
    public async Task BackendReceivesTheFrontProxyCertificateAndTheAdminIdentity()
    {
        var echo = await GetEchoAsync(fixture.Http, Prefix + "/namespaces/default/widgets/w1");

        Assert.Equal("front-proxy-client", echo["clientCertificate"]!.GetValue<string>());
        Assert.Equal(["clusternet-admin"], Values(echo, "x-remote-user"));
        Assert.Equal(["system:masters", "system:authenticated"], Values(echo, "x-remote-group"));
        Assert.Equal("/apis/test.clusternet.io/v1/namespaces/default/widgets/w1", echo["path"]!.GetValue<string>());
    }

    [Fact]
    public async Task BackendReceivesAStaticTokenUsersNameAndGroups()
    {
        using var alice = Client(AggregationFixture.AliceToken);

        var echo = await GetEchoAsync(alice, Prefix + "/namespaces/default/widgets?limit=5");

        Assert.Equal(["alice"], Values(echo, "x-remote-user"));
        Assert.Equal(["developers", "system:authenticated"], Values(echo, "x-remote-group"));
        Assert.Equal("?limit=5", echo["query"]!.GetValue<string>());
    }

    [Fact]
    public async Task CallersCredentialsAndMadeUpIdentityHeadersAreNotForwarded()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Prefix + "/namespaces/default/widgets/w1");
        request.Headers.TryAddWithoutValidation("X-Remote-User", "mallory");
        request.Headers.TryAddWithoutValidation("X-Remote-Group", "system:masters-forged");
        request.Headers.TryAddWithoutValidation("X-Remote-Extra-Scopes", "everything");

        using var response = await fixture.Http.SendAsync(request);
        var echo = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

        var headers = echo["headers"]!.AsObject();
        Assert.False(headers.ContainsKey("authorization"));
        Assert.False(headers.ContainsKey("x-remote-extra-scopes"));
        Assert.Equal(["clusternet-admin"], Values(echo, "x-remote-user"));
        Assert.DoesNotContain("system:masters-forged", Values(echo, "x-remote-group"));
    }

    [Fact]
    public async Task RedirectFromTheBackendIsPassedThroughUnchanged()
    {
        using var response = await fixture.Http.GetAsync(Prefix + "/redirect");

        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("https://elsewhere.example/target", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task WatchEventsArriveAsTheBackendWritesThem()
    {
        using var response = await fixture.Http.GetAsync(Prefix + "/namespaces/default/widgets?watch=true", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        // Each event is sent only after the previous one was read here, so nothing can be buffered until the end.
        foreach (var name in new[] { "first", "second", "third" })
        {
            await fixture.Backend.WatchPacer.Writer.WriteAsync(name);
            var line = await reader.ReadLineAsync(timeout.Token);
            Assert.Equal(name, JsonNode.Parse(line!)!["object"]!["metadata"]!["name"]!.GetValue<string>());
        }
    }

    [Theory]
    [InlineData(100, false)]
    [InlineData(200 * 1024 + 7, false)]
    [InlineData(2 * 1024 * 1024, false)]
    [InlineData(100, true)]
    [InlineData(200 * 1024 + 7, true)]
    public async Task ListWrittenInSmallPiecesArrivesWhole(int size, bool contentLength)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var body = await fixture.Http.GetByteArrayAsync(Prefix + "/namespaces/default/widgets?size=" + size + "&length=" + (contentLength ? "true" : "false"), timeout.Token);

        Assert.Equal(size, body.Length);
        Assert.Equal(-1, Enumerable.Range(0, size).FirstOrDefault(i => body[i] != (byte)(i % 251), -1));
    }

    [Fact]
    public async Task WebSocketUpgradeIsEchoedThroughTheAggregator()
    {
        using var socket = new ClientWebSocket();
        var authority = fixture.Plane.CertificateAuthority;
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => Trusts(authority, certificate);
        socket.Options.SetRequestHeader("Authorization", "Bearer " + fixture.Plane.AdminToken);
        var uri = new Uri(fixture.Plane.BaseAddress.ToString().Replace("https://", "wss://", StringComparison.Ordinal) + Prefix + "/ws");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        await socket.ConnectAsync(uri, timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes("hello"), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[256];
        var received = await socket.ReceiveAsync(buffer, timeout.Token);

        Assert.Equal("echo:hello", Encoding.UTF8.GetString(buffer, 0, received.Count));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
    }

    [Fact]
    public async Task SpdyUpgradeIsSplicedThroughTheAggregator()
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, fixture.Plane.BaseAddress.Port);
        var authority = fixture.Plane.CertificateAuthority;
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) => Trusts(authority, certificate));
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = "127.0.0.1",
            ApplicationProtocols = [SslApplicationProtocol.Http11],
        });
        var head = $"GET /{Prefix}/spdy HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {fixture.Plane.AdminToken}\r\n" +
                   "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var response = await ReadHeadAsync(tls, timeout.Token);
        Assert.StartsWith("HTTP/1.1 101", response, StringComparison.Ordinal);
        Assert.Contains("X-Stream-Protocol-Version: v4.channel.k8s.io", response, StringComparison.OrdinalIgnoreCase);

        await tls.WriteAsync("ping-frame"u8.ToArray(), timeout.Token);
        var buffer = new byte[64];
        var read = 0;
        while (read < 10)
        {
            read += await tls.ReadAsync(buffer.AsMemory(read), timeout.Token);
        }

        Assert.Equal("ping-frame", Encoding.ASCII.GetString(buffer, 0, read));
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient(fixture.Plane.CreateTrustingHandler()) { BaseAddress = fixture.Plane.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<JsonObject> GetEchoAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private static string[] Values(JsonObject echo, string header) =>
        echo["headers"]![header] is JsonArray values ? [.. values.Select(v => v!.GetValue<string>())] : [];

    private static bool Trusts(X509Certificate2 authority, X509Certificate? certificate)
    {
        if (certificate is not X509Certificate2 presented)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(presented);
    }

    private static async Task<string> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                break;
            }

            head.Append((char)one[0]);
        }

        return head.ToString();
    }
}
