using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Clusternet.ControlPlane.Api.Connect.Spdy;
using Clusternet.ControlPlane.Api.Rest;
using Clusternet.ControlPlane.Simulation.PortForward;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Api.Connect;

/// <summary>
/// The <c>pods/&lt;name&gt;/portforward</c> connect subresource, as the kubelet serves it, in its three forms:
/// <list type="bullet">
/// <item>SPDY/3.1 (<c>Upgrade: SPDY/3.1</c>, <c>X-Stream-Protocol-Version: portforward.k8s.io</c>), what kubectl speaks:
/// per forwarded connection the client opens an error and a data stream with headers <c>streamType</c>, <c>port</c> and
/// <c>requestID</c>;</item>
/// <item>the same SPDY connection tunnelled in a WebSocket (sub-protocol <c>SPDY/3.1+portforward.k8s.io</c>), what
/// kubectl 1.31+ tries first;</item>
/// <item>WebSocket channels (what KubernetesClient's <c>WebSocketNamespacedPodPortForwardAsync</c> speaks): <c>?ports=</c>
/// names the ports, each gets a data channel (2n, both ways) and an error channel (2n+1), and the first message on each
/// carries the port as two little-endian bytes.</item>
/// </list>
/// The pod is simulated, so what answers on a port its containers declare is a small HTTP server
/// (<see cref="SimulatedPortServer"/>); an undeclared port is refused as a dial would be.
/// </summary>
internal sealed class PodPortForwardEndpoint(ApiServices services)
{
    private const string PortsParameter = "ports";
    private const string SpdyProtocol = "portforward.k8s.io";
    private const string TunnelledSpdyProtocol = "SPDY/3.1+" + SpdyProtocol;
    private const string StreamTypeHeader = "streamtype";
    private const string PortHeader = "port";
    private const string RequestIdHeader = "requestid";

    /// <summary>The kubelet's port-forward sub-protocols; a client that offers none gets the binary framing too.</summary>
    private static readonly IReadOnlyList<string> Protocols = ["v4.channel.k8s.io", "v4.base64.channel.k8s.io"];

    public async Task HandleAsync(ResourceRequest request)
    {
        var context = request.Context;
        var aborted = request.Aborted;
        await PodConnectRequest.AuthorizeAsync(services, request).ConfigureAwait(false);
        var pod = await PodConnectRequest.ReadPodAsync(services, request).ConfigureAwait(false);
        if (string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            throw ResourceErrors.BadRequest($"pod {request.Name} does not have a host assigned");
        }

        var spdy = SpdyUpgrade.IsRequested(context.Request);
        if (!spdy && !WebSocketUpgrade.IsRequested(context.Request))
        {
            throw WebSocketUpgrade.IsAnyUpgrade(context.Request)
                ? ResourceErrors.BadRequest($"unsupported upgrade \"{context.Request.Headers.Upgrade}\": port-forward is served over SPDY/3.1 or WebSocket")
                : ResourceErrors.BadRequest("Upgrade request required");
        }

        var offered = WebSocketUpgrade.OfferedProtocols(context.Request);
        var tunnelled = !spdy && offered.Contains(TunnelledSpdyProtocol);
        var ports = spdy || tunnelled ? [] : ParsePorts(context.Request.Query[PortsParameter]);
        if (pod.Status?.Phase != "Running")
        {
            throw ResourceErrors.BadRequest($"unable to forward port because pod is not running. Current status={pod.Status?.Phase}");
        }

        if (spdy)
        {
            var upgraded = await SpdyUpgrade.AcceptAsync(context, [SpdyProtocol]).ConfigureAwait(false);
            await ServeSpdyAsync(upgraded, pod, aborted).ConfigureAwait(false);
            return;
        }

        if (tunnelled)
        {
            using var tunnel = await WebSocketUpgrade.AcceptAsync(context, TunnelledSpdyProtocol).ConfigureAwait(false);
            await using var stream = new WebSocketByteStream(tunnel);
            await ServeSpdyAsync(stream, pod, aborted).ConfigureAwait(false);
            return;
        }

        var protocol = offered.Count == 0
            ? string.Empty
            : offered.FirstOrDefault(Protocols.Contains)
                ?? throw ResourceErrors.BadRequest($"requested protocol(s) are not supported: [{string.Join(" ", offered)}]; supports [{string.Join(" ", Protocols.Append(TunnelledSpdyProtocol))}]");

        var socket = await WebSocketUpgrade.AcceptAsync(context, protocol).ConfigureAwait(false);
        var dataChannels = Enumerable.Range(0, ports.Count).Select(i => (byte)(2 * i)).ToArray();
        await using var channels = new StreamChannels(socket, dataChannels);
        await RunAsync(channels, pod, ports, aborted).ConfigureAwait(false);
    }

    private static async Task RunAsync(StreamChannels channels, V1Pod pod, IReadOnlyList<int> ports, CancellationToken aborted)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var receiving = channels.ReceiveAsync(acceptInput: true, session.Token);
        try
        {
            var prefix = new byte[2];
            for (var i = 0; i < ports.Count; i++)
            {
                BinaryPrimitives.WriteUInt16LittleEndian(prefix, (ushort)ports[i]);
                await channels.SendAsync((byte)(2 * i), prefix, aborted).ConfigureAwait(false);
                await channels.SendAsync((byte)(2 * i + 1), prefix, aborted).ConfigureAwait(false);
            }

            await Task.WhenAll(ports.Select((port, i) => ForwardAsync(channels, pod, port, (byte)(2 * i), session.Token))).ConfigureAwait(false);
            await channels.StopInputAsync().ConfigureAwait(false);
            await channels.CloseAsync(aborted).ConfigureAwait(false);
            await receiving.WaitAsync(TimeSpan.FromSeconds(5), aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is System.Net.WebSockets.WebSocketException or OperationCanceledException or TimeoutException or IOException)
        {
            // the client went away or did not finish the closing handshake; the connection is dropped either way
        }
        finally
        {
            await session.CancelAsync().ConfigureAwait(false);
            await receiving.ConfigureAwait(false);
        }
    }

    /// <summary>One port's connection over WebSocket channels.</summary>
    private static async Task ForwardAsync(StreamChannels channels, V1Pod pod, int port, byte data, CancellationToken cancellationToken)
    {
        try
        {
            await ForwardAsync(pod, port, channels.Input(data), channels.Output(data), channels.Output((byte)(data + 1)), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await channels.StopInputAsync(data).ConfigureAwait(false);
        }
    }

    /// <summary>One forwarded connection: served by the container that declares the port, or refused on the error stream.</summary>
    private static async Task ForwardAsync(V1Pod pod, int port, Stream input, Stream output, Stream error, CancellationToken cancellationToken)
    {
        var container = pod.Spec.Containers.FirstOrDefault(c => c.Ports?.Any(p => p.ContainerPort == port && (p.Protocol ?? "TCP") == "TCP") == true);
        if (container is null)
        {
            // The kubelet's wording around what a dial inside the pod's network namespace reports.
            var message = $"error forwarding port {port} to pod {pod.Metadata.Name}, uid {pod.Metadata.Uid}: dial tcp4 127.0.0.1:{port}: connect: connection refused";
            await error.WriteAsync(Encoding.UTF8.GetBytes(message), cancellationToken).ConfigureAwait(false);
            return;
        }

        var server = new SimulatedPortServer(pod.Metadata.NamespaceProperty, pod.Metadata.Name, container.Name, port);
        await server.ServeAsync(input, output, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Port-forward over SPDY, as the kubelet's httpstream handler: the client opens an error stream and a data stream per
    /// connection, paired by their <c>requestID</c> header (or, from clients too old to send one, by stream id: the data
    /// stream is the error stream's id + 2); both are finished when the connection ends.
    /// </summary>
    private static async Task ServeSpdyAsync(Stream transport, V1Pod pod, CancellationToken aborted)
    {
        var pending = new Dictionary<string, (SpdyStream? Error, SpdyStream? Data)>(StringComparer.Ordinal);
        await using var connection = new SpdyConnection(transport, async stream =>
        {
            var type = stream.Headers.GetValueOrDefault(StreamTypeHeader);
            if (type is not ("error" or "data"))
            {
                await stream.FinishAsync(aborted).ConfigureAwait(false);
                return;
            }

            var requestId = stream.Headers.GetValueOrDefault(RequestIdHeader)
                ?? (type == "error" ? stream.Id : stream.Id - 2).ToString(CultureInfo.InvariantCulture);
            (SpdyStream? Error, SpdyStream? Data) pair;
            lock (pending)
            {
                pair = pending.GetValueOrDefault(requestId);
                pair = type == "error" ? (stream, pair.Data) : (pair.Error, stream);
                if (pair.Error is null || pair.Data is null)
                {
                    pending[requestId] = pair;
                    return;
                }

                pending.Remove(requestId);
            }

            var (error, data) = (pair.Error!, pair.Data!);
            try
            {
                var portText = data.Headers.GetValueOrDefault(PortHeader);
                if (!ushort.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port == 0)
                {
                    await error.Output.WriteAsync(Encoding.UTF8.GetBytes($"invalid port header \"{portText}\""), aborted).ConfigureAwait(false);
                }
                else
                {
                    await ForwardAsync(pod, port, data.Input, data.Output, error.Output, aborted).ConfigureAwait(false);
                }

                await data.FinishAsync(aborted).ConfigureAwait(false);
                await error.FinishAsync(aborted).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
            {
                // the connection went away
            }
        });
        try
        {
            await connection.RunAsync(aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or InvalidDataException or System.Net.WebSockets.WebSocketException)
        {
            // the client went away or broke the protocol; either way the connection ends here
        }
    }


    /// <summary>The ports asked for, with the kubelet's messages for what it refuses.</summary>
    private static List<int> ParsePorts(Microsoft.Extensions.Primitives.StringValues values)
    {
        if (values.Count == 0)
        {
            throw ResourceErrors.BadRequest($"query parameter \"{PortsParameter}\" is required");
        }

        var ports = new List<int>();
        foreach (var value in values)
        {
            if (string.IsNullOrEmpty(value))
            {
                throw ResourceErrors.BadRequest($"query parameter \"{PortsParameter}\" cannot be empty");
            }

            foreach (var text in value.Split(','))
            {
                if (!ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
                {
                    throw ResourceErrors.BadRequest($"unable to parse \"{value}\" as a port: \"{text}\" is not a number from 1 to 65535");
                }

                if (port < 1)
                {
                    throw ResourceErrors.BadRequest($"port \"{value}\" must be > 0");
                }

                ports.Add(port);
            }
        }

        // Each port takes two channels and a channel is one byte.
        return ports.Count <= 127 ? ports : throw ResourceErrors.BadRequest("at most 127 ports can be forwarded over one connection");
    }
}
