using Clusternet.ControlPlane.Api.Connect.Spdy;
using Clusternet.ControlPlane.Api.Rest;
using Clusternet.ControlPlane.Simulation.Exec;
using k8s.Models;
using Microsoft.AspNetCore.Http;

namespace Clusternet.ControlPlane.Api.Connect;

/// <summary>
/// The <c>pods/&lt;name&gt;/exec</c> and <c>pods/&lt;name&gt;/attach</c> connect subresources. kube-apiserver resolves the
/// pod and container, then hands the upgraded connection to the node's kubelet; here the "kubelet" is in-process and the
/// container is simulated (<see cref="SimulatedShell"/>). WebSocket upgrades (the <c>*.channel.k8s.io</c> sub-protocols of
/// kubectl 1.30+ and KubernetesClient) and SPDY/3.1 upgrades (kubectl ≤ 1.29, remote-command protocol
/// <c>v4.channel.k8s.io</c>) are served.
/// <list type="bullet">
/// <item>exec runs the requested command;</item>
/// <item>attach joins the container's main process. A container started with <c>stdin: true</c> runs its command (its
/// <c>command</c> and <c>args</c>, or <c>sh</c>) in the simulated shell for the attach, reading the client's stdin, and
/// the attach ends with its exit Status. Any other container prints nothing, and the attach lasts until the client
/// leaves. The container's <c>tty</c> decides whether stderr is merged into stdout, as the kubelet does.</item>
/// </list>
/// </summary>
internal sealed class PodRemoteCommandEndpoint(ApiServices services, bool attach)
{
    // How long, after the closing handshake starts, the client has to answer it before the connection is dropped.
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    // How long a SPDY client has to open the streams it asked for (the kubelet's default stream creation timeout).
    private static readonly TimeSpan SpdyStreamCreationTimeout = TimeSpan.FromSeconds(30);

    // The remote-command versions served over SPDY: v4 reports the exit as a Status on the error stream, as the WebSocket does.
    private static readonly IReadOnlyList<string> SpdyProtocols = ["v4.channel.k8s.io"];

    public async Task HandleAsync(ResourceRequest request)
    {
        var context = request.Context;
        var aborted = request.Aborted;
        await PodConnectRequest.AuthorizeAsync(services, request).ConfigureAwait(false);
        var options = PodExecOptions.Parse(context.Request.Query);
        var pod = await PodConnectRequest.ReadPodAsync(services, request).ConfigureAwait(false);
        var container = RunningContainer(pod, request.Name, options.Container, attach);
        if (attach)
        {
            // Whether the process has a terminal was decided when the container started, not by the attaching client.
            var tty = container.Tty == true;
            options = options with { Tty = tty, Stderr = options.Stderr && !tty };
        }
        else if (options.Command.Count == 0)
        {
            throw ResourceErrors.BadRequest("you must specify at least one command for the container");
        }

        if (!options.Stdin && !options.Stdout && !options.Stderr)
        {
            throw ResourceErrors.BadRequest("you must specify at least 1 of stdin, stdout, stderr");
        }

        if (SpdyUpgrade.IsRequested(context.Request))
        {
            var upgraded = await SpdyUpgrade.AcceptAsync(context, SpdyProtocols).ConfigureAwait(false);
            await RunSpdyAsync(upgraded, Process(pod, container, options), options, aborted).ConfigureAwait(false);
            return;
        }

        if (!WebSocketUpgrade.IsRequested(context.Request))
        {
            throw WebSocketUpgrade.IsAnyUpgrade(context.Request)
                ? ResourceErrors.BadRequest($"unsupported upgrade \"{context.Request.Headers.Upgrade}\": {(attach ? "attach" : "exec")} is served over SPDY/3.1 or WebSocket")
                : ResourceErrors.BadRequest("Upgrade request required");
        }

        // A client that offers no sub-protocol (KubernetesClient's attach does not) gets the binary channel framing, as
        // kube-apiserver's legacy channel.k8s.io.
        var offered = WebSocketUpgrade.OfferedProtocols(context.Request);
        var protocol = offered.Count == 0 ? string.Empty : offered.FirstOrDefault(StreamChannels.Protocols.Contains)
            ?? throw ResourceErrors.BadRequest($"requested protocol(s) are not supported: [{string.Join(" ", offered)}]; supports [{string.Join(" ", StreamChannels.Protocols)}]");

        var socket = await WebSocketUpgrade.AcceptAsync(context, protocol).ConfigureAwait(false);
        await using var channels = new StreamChannels(socket);
        await RunAsync(channels, Process(pod, container, options), options, aborted).ConfigureAwait(false);
    }

    /// <summary>
    /// What runs for the client: the requested command (exec), the container's own (attach to a container with stdin),
    /// or nothing until the client leaves (attach otherwise). Given stdin, stdout, stderr and a task that completes when
    /// the client has gone; returns the exit code, or null when there is no exit to report (the client detached).
    /// </summary>
    private Func<Stream, Stream, Stream, Task, CancellationToken, Task<(int? ExitCode, IReadOnlyList<string> Command)>> Process(V1Pod pod, V1Container container, PodExecOptions options)
    {
        var shell = new SimulatedShell(pod.Metadata.Name, Environment(pod, container));
        if (!attach)
        {
            return async (stdin, stdout, stderr, _, cancellationToken) =>
                (await shell.RunAsync(options.Command, stdin, stdout, stderr, cancellationToken).ConfigureAwait(false), options.Command);
        }

        if (container.Stdin == true)
        {
            IReadOnlyList<string> command = [.. container.Command ?? [], .. container.Args ?? []];
            command = command.Count > 0 ? command : ["sh"];
            return async (stdin, stdout, stderr, _, cancellationToken) =>
                (await shell.RunAsync(command, stdin, stdout, stderr, cancellationToken).ConfigureAwait(false), command);
        }

        return async (_, _, _, clientGone, cancellationToken) =>
        {
            await clientGone.WaitAsync(cancellationToken).ConfigureAwait(false);
            return (null, []);
        };
    }

    private static async Task RunAsync(
        StreamChannels channels, Func<Stream, Stream, Stream, Task, CancellationToken, Task<(int? ExitCode, IReadOnlyList<string> Command)>> process, PodExecOptions options, CancellationToken aborted)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var receiving = channels.ReceiveAsync(options.Stdin, session.Token);
        try
        {
            // As the kubelet does: an empty message on the first output channel tells the client the streams are ready.
            var first = options.Stdout ? StreamChannels.Stdout : options.Stderr ? StreamChannels.Stderr : StreamChannels.Error;
            await channels.SendAsync(first, ReadOnlyMemory<byte>.Empty, aborted).ConfigureAwait(false);

            var stdout = options.Stdout ? channels.Output(StreamChannels.Stdout) : Stream.Null;
            var stderr = options.Stderr ? channels.Output(StreamChannels.Stderr) : options.Tty ? stdout : Stream.Null;
            var stdin = options.Stdin ? channels.StdinStream : Stream.Null;
            var (exitCode, command) = await process(stdin, stdout, stderr, receiving, aborted).ConfigureAwait(false);
            if (exitCode is { } code)
            {
                await channels.SendAsync(StreamChannels.Error, ExitStatus(command, code), aborted).ConfigureAwait(false);
            }

            await channels.StopInputAsync().ConfigureAwait(false);
            await channels.CloseAsync(aborted).ConfigureAwait(false);
            await receiving.WaitAsync(CloseGrace, aborted).ConfigureAwait(false);
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

    /// <summary>
    /// Exec and attach over SPDY, as the kubelet serves kubectl ≤ 1.29: the client opens an error stream and one stream per
    /// requested stdin/stdout/stderr (and resize with a terminal), each named by its <c>streamType</c> header; once all
    /// have arrived the command runs, the final Status goes to the error stream, and every stream is finished.
    /// </summary>
    private static async Task RunSpdyAsync(
        Stream transport, Func<Stream, Stream, Stream, Task, CancellationToken, Task<(int? ExitCode, IReadOnlyList<string> Command)>> process, PodExecOptions options, CancellationToken aborted)
    {
        string[] expected = ["error", .. options.Stdin ? ["stdin"] : Array.Empty<string>(), .. options.Stdout ? ["stdout"] : Array.Empty<string>(),
            .. options.Stderr ? ["stderr"] : Array.Empty<string>(), .. options.Tty ? ["resize"] : Array.Empty<string>()];
        var streams = new Dictionary<string, SpdyStream>(StringComparer.Ordinal);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var connection = new SpdyConnection(transport, stream =>
        {
            lock (streams)
            {
                if (stream.Headers.GetValueOrDefault("streamtype") is { } type && expected.Contains(type))
                {
                    streams[type] = stream;
                }

                if (streams.Count == expected.Length)
                {
                    ready.TrySetResult();
                }
            }

            return Task.CompletedTask;
        });
        using var session = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var running = connection.RunAsync(session.Token);
        try
        {
            // As the kubelet's stream creation timeout: a client that never opens its streams is not waited for forever.
            await ready.Task.WaitAsync(SpdyStreamCreationTimeout, aborted).ConfigureAwait(false);
            var stdin = options.Stdin ? streams["stdin"].Input : Stream.Null;
            var stdout = options.Stdout ? streams["stdout"].Output : Stream.Null;
            var stderr = options.Stderr ? streams["stderr"].Output : options.Tty ? stdout : Stream.Null;
            var (exitCode, command) = await process(stdin, stdout, stderr, running, aborted).ConfigureAwait(false);
            if (exitCode is { } code)
            {
                await streams["error"].Output.WriteAsync(ExitStatus(command, code), aborted).ConfigureAwait(false);
            }

            foreach (var stream in streams.Values)
            {
                await stream.FinishAsync(aborted).ConfigureAwait(false);
            }

            // The client closes the connection once it has read the Status; a client that does not is cut off.
            await running.WaitAsync(CloseGrace, aborted).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or OperationCanceledException or TimeoutException or InvalidDataException)
        {
            // the client went away, broke the protocol or never opened its streams; the connection is dropped either way
        }
        finally
        {
            await session.CancelAsync().ConfigureAwait(false);
            await transport.DisposeAsync().ConfigureAwait(false);
            try
            {
                await running.ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or InvalidDataException or ObjectDisposedException)
            {
            }
        }
    }

    /// <summary>The final Status on the error channel: Success, or NonZeroExitCode with the code as an ExitCode cause.</summary>
    private static byte[] ExitStatus(IReadOnlyList<string> command, int exitCode)
    {
        var status = exitCode == 0
            ? new V1Status { Status = "Success" }
            : new V1Status
            {
                Status = "Failure",
                Reason = "NonZeroExitCode",
                Message = $"command terminated with non-zero exit code: error executing command [{string.Join(" ", command)}], exit code {exitCode}",
                Details = new V1StatusDetails { Causes = [new V1StatusCause { Reason = "ExitCode", Message = exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture) }] },
            };
        return System.Text.Encoding.UTF8.GetBytes(StatusWriter.ToJson(status).ToJsonString());
    }

    /// <summary>
    /// The container to run in, checked as kube-apiserver does before it dials the kubelet (a name is needed when the pod
    /// has several; it must be one of the pod's; the pod must be on a node), then as the kubelet does (it must be running).
    /// </summary>
    private static V1Container RunningContainer(V1Pod pod, string name, string? requested, bool attach)
    {
        var containers = pod.Spec?.Containers ?? [];
        var inits = pod.Spec?.InitContainers ?? [];
        if (requested is null)
        {
            if (containers.Count != 1)
            {
                var message = $"a container name must be specified for pod {name}, choose one of: [{string.Join(" ", containers.Select(c => c.Name))}]";
                throw ResourceErrors.BadRequest(inits.Count > 0 ? message + $" or one of the init containers: [{string.Join(" ", inits.Select(c => c.Name))}]" : message);
            }

            requested = containers[0].Name;
        }
        else if (!containers.Concat(inits).Any(c => c.Name == requested) && pod.Spec?.EphemeralContainers?.Any(c => c.Name == requested) != true)
        {
            throw ResourceErrors.BadRequest($"container {requested} is not valid for pod {name}");
        }

        if (string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            throw ResourceErrors.BadRequest($"pod {name} does not have a host assigned");
        }

        if (pod.Status?.Phase is "Succeeded" or "Failed")
        {
            throw ResourceErrors.BadRequest(attach
                ? $"cannot attach to a container in a completed pod; current phase is {pod.Status.Phase}"
                : $"cannot exec into a container in a completed pod; current phase is {pod.Status.Phase}");
        }

        // Simulated init containers have always finished, and ephemeral ones never start; only a Running pod's
        // containers can take a command.
        var running = pod.Status?.Phase == "Running" && pod.Status.ContainerStatuses?.Any(s => s.Name == requested && s.State?.Running is not null) == true;
        return running
            ? containers.First(c => c.Name == requested)
            : throw ResourceErrors.BadRequest($"container not found (\"{requested}\")");
    }

    /// <summary>What <c>env</c> prints: a default PATH, HOSTNAME (the pod's name), then the container's literal env values.</summary>
    private static List<KeyValuePair<string, string>> Environment(V1Pod pod, V1Container container) =>
    [
        new("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
        new("HOSTNAME", pod.Metadata.Name),
        .. (container.Env ?? []).Where(e => e.ValueFrom is null).Select(e => new KeyValuePair<string, string>(e.Name, e.Value ?? string.Empty)),
    ];
}
