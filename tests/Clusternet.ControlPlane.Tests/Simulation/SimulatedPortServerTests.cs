using System.Text;
using Clusternet.ControlPlane.Simulation.PortForward;

namespace Clusternet.ControlPlane.Tests.Simulation;

/// <summary>The HTTP stand-in behind a simulated container's port: what it answers and when it ends the connection.</summary>
public class SimulatedPortServerTests
{
    private static readonly SimulatedPortServer Server = new("ns1", "web", "main", 8080);

    [Fact]
    public async Task KeepAliveRequestsAreAnsweredInTurnUntilTheInputEnds()
    {
        var output = await ServeAsync("GET /a HTTP/1.1\r\nHost: x\r\n\r\nPUT /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyzGET /c HTTP/1.1\r\n\r\n");

        Assert.Equal(3, Count(output, "HTTP/1.1 200 OK"));
        Assert.Contains("port 8080: GET /a\n", output, StringComparison.Ordinal);
        Assert.Contains("port 8080: PUT /b\n", output, StringComparison.Ordinal);
        Assert.Contains("port 8080: GET /c\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Connection: close", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET /a HTTP/1.1\r\nConnection: close\r\n\r\nGET /never HTTP/1.1\r\n\r\n")]
    [InlineData("GET /a HTTP/1.0\r\n\r\nGET /never HTTP/1.1\r\n\r\n")]
    public async Task ConnectionCloseOrHttp10EndsTheConnectionAfterTheResponse(string input)
    {
        var output = await ServeAsync(input);

        Assert.Equal(1, Count(output, "HTTP/1.1 200 OK"));
        Assert.Contains("Connection: close\r\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("/never", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnythingButHttpIsABadRequestThatEndsTheConnection()
    {
        var output = await ServeAsync("SSH-2.0-OpenSSH_9.6\r\n\r\nGET /never HTTP/1.1\r\n\r\n");

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", output, StringComparison.Ordinal);
        Assert.DoesNotContain("/never", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHeadWithoutEndPastSixteenKibibytesIsABadRequest()
    {
        var output = await ServeAsync("GET / HTTP/1.1\r\nX-Long: " + new string('a', 20_000));

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientThatClosesMidHeadGetsNothing()
    {
        Assert.Equal(string.Empty, await ServeAsync("GET / HTTP/1.1\r\nHost"));
    }

    private static async Task<string> ServeAsync(string input)
    {
        using var output = new MemoryStream();
        await Server.ServeAsync(new MemoryStream(Encoding.ASCII.GetBytes(input)), output, CancellationToken.None);
        return Encoding.UTF8.GetString(output.ToArray());
    }

    private static int Count(string text, string value) => (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;
}
