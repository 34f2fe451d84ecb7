using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Clusternet.ControlPlane.Security;
using Clusternet.ControlPlane.Storage;
using Microsoft.Extensions.Logging;

namespace Clusternet.ControlPlane.Aggregation;

/// <summary>
/// The resources each backend serves, fetched from its <c>/apis/&lt;group&gt;/&lt;version&gt;</c> (APIResourceList) so
/// that <c>/apis</c> in aggregated form can list them without a round trip per request. Refreshed whenever the
/// APIServices change (an APIService turning Available included) and every <see cref="RefreshInterval"/>; a backend
/// that stops answering keeps its last list, marked stale, as kube-aggregator's discovery manager does.
/// </summary>
internal sealed partial class BackendDiscovery(ApiServiceIndex index, BackendTransport transport, IObjectStore store, ILogger logger)
{
    /// <summary>How often lists are fetched again without an APIService change.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FetchTimeout = TimeSpan.FromSeconds(5);

    // kube-aggregator fetches discovery as itself, a privileged user, so the documents do not depend on the caller.
    private static readonly UserInfo Aggregator = UserInfo.Authenticated("system:kube-aggregator", string.Empty, [UserInfo.MastersGroup]);

    private readonly ConcurrentDictionary<string, FetchedVersion> fetched = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim changed = new(0, 1);
    private long generation;

    /// <summary>Increases whenever a fetched list or its freshness changes.</summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>The last list fetched for an APIService, or null when none was fetched yet.</summary>
    public FetchedVersion? Get(string apiServiceName) => fetched.TryGetValue(apiServiceName, out var version) ? version : null;

    /// <summary>Fetches on every APIService change and periodically, until cancelled.</summary>
    public Task RunAsync(CancellationToken stopping)
    {
        index.Changed += (_, _) => Signal();
        Signal();
        return Task.Run(() => LoopAsync(stopping), CancellationToken.None);
    }

    private void Signal()
    {
        try
        {
            if (changed.CurrentCount == 0)
            {
                changed.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // already signalled
        }
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await changed.WaitAsync(RefreshInterval, stopping).ConfigureAwait(false);
                await RefreshAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogRefreshFailed(logger, e);
            }
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var snapshot = index.Current;
        foreach (var name in fetched.Keys.Where(n => !snapshot.ByName.TryGetValue(n, out var r) || r.Service is null).ToList())
        {
            fetched.TryRemove(name, out _);
            Interlocked.Increment(ref generation);
        }

        await Task.WhenAll(snapshot.Remote.Select(route => RefreshAsync(route, cancellationToken))).ConfigureAwait(false);
    }

    private async Task RefreshAsync(ApiServiceRoute route, CancellationToken cancellationToken)
    {
        var resources = route.Available ? await FetchAsync(route, cancellationToken).ConfigureAwait(false) : null;
        var previous = Get(route.Name);
        FetchedVersion? next = resources is not null
            ? new FetchedVersion(route.Group, route.Version, resources, Stale: false)
            : previous is null ? null : previous with { Stale = true };
        if (next is null || (previous is not null && previous.Stale == next.Stale && JsonNode.DeepEquals(previous.Resources, next.Resources)))
        {
            return;
        }

        fetched[route.Name] = next;
        Interlocked.Increment(ref generation);
    }

    private async Task<JsonArray?> FetchAsync(ApiServiceRoute route, CancellationToken cancellationToken)
    {
        var address = await BackendResolver.ResolveAsync(store, route.Service!, cancellationToken).ConfigureAwait(false);
        if (address.Failure != BackendFailure.None)
        {
            return null;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(FetchTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, address.BaseUri + "/apis/" + route.Group + "/" + route.Version);
        request.Headers.Accept.ParseAdd("application/json");
        FrontProxy.SetIdentity(request.Headers, Aggregator);
        try
        {
            using var response = await transport.For(route).SendAsync(request, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            return (await JsonNode.ParseAsync(body, cancellationToken: timeout.Token).ConfigureAwait(false))?["resources"] as JsonArray;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            LogFetchFailed(logger, route.Name, e.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "refreshing aggregated discovery failed")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "discovery of APIService {Name} failed: {Error}")]
    private static partial void LogFetchFailed(ILogger logger, string name, string error);
}

/// <summary>A backend's resources for one group-version, as its APIResourceList listed them.</summary>
/// <param name="Group">The group.</param>
/// <param name="Version">The version.</param>
/// <param name="Resources">The APIResourceList's <c>resources</c>.</param>
/// <param name="Stale">True when the last fetch failed and this is an older answer.</param>
internal sealed record FetchedVersion(string Group, string Version, JsonArray Resources, bool Stale);
