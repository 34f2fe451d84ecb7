using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Clusternet.Runtime.Tests.Hub.Support;

/// <summary>Sends a request line exactly as written (HttpClient would normalise dot segments away) and returns the status code and body.</summary>
internal static class RawHttps
{
    public static async Task<(int Code, string Body)> SendAsync(Uri server, string target, string bearerToken)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Host, server.Port);
        await using var tls = new SslStream(tcp.GetStream(), false);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = server.Host, RemoteCertificateValidationCallback = (_, _, _, _) => true });
        var request = $"GET {target} HTTP/1.1\r\nHost: {server.Authority}\r\nAuthorization: Bearer {bearerToken}\r\nConnection: close\r\n\r\n";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(tls, Encoding.UTF8);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20));
        var code = int.Parse(response.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        return (code, response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }
}
